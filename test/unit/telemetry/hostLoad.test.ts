import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parsePidStat,
  parseProcStat,
  readHostSnapshot,
  summarizeHostLoad,
  type HostSnapshot,
  type ProcReader,
} from '../../../src/telemetry/hostLoad.js';

// Recorded on the development VM (`head -3 /proc/stat`, 2 CPUs); the intr line is cut short.
const PROC_STAT = `cpu  73823 0 10382 140871 263 0 162 319 0 0
cpu0 36091 0 5041 71535 32 0 66 155 0 0
cpu1 37731 0 5341 69335 231 0 96 164 0 0
intr 123456 0 0
`;

void test('parses the machine-wide CPU line of /proc/stat', () => {
  assert.deepEqual(parseProcStat(PROC_STAT), {
    total: 73823 + 0 + 10382 + 140871 + 263 + 0 + 162 + 319,
    busy: 73823 + 0 + 10382 + 0 + 162,
    steal: 319,
    cpus: 2,
  });
  assert.equal(parseProcStat('nothing here'), undefined);
});

void test('parses /proc/<pid>/stat even when the command name has spaces and parentheses', () => {
  const line = '4242 (tricky) name) S 4000 4242 4242 0 -1 4194304 100 0 0 0 150 25 7 3 20 0 1 0 100 0 0';
  assert.deepEqual(parsePidStat(line), { ppid: 4000, ticks: 150 + 25 + 7 + 3 });
  assert.equal(parsePidStat('garbage'), undefined);
});

function pidStat(pid: number, ppid: number, ticks: number): string {
  return `${pid} (p${pid}) S ${ppid} 0 0 0 -1 0 0 0 0 0 ${ticks} 0 0 0 20 0 1 0 100 0 0`;
}

function fakeProc(files: Record<string, string>): ProcReader {
  return {
    readFile: (p) => Promise.resolve(files[p]),
    listPids: () =>
      Promise.resolve(
        Object.keys(files)
          .map((k) => /^\/proc\/(\d+)\/stat$/.exec(k)?.[1])
          .filter((x): x is string => x !== undefined)
          .map(Number),
      ),
  };
}

void test('counts the whole process tree under the root as our own', async () => {
  const reader = fakeProc({
    '/proc/stat': PROC_STAT,
    '/proc/loadavg': '0.52 0.40 0.30 1/200 9999\n',
    '/proc/100/stat': pidStat(100, 1, 50),
    '/proc/101/stat': pidStat(101, 100, 30),
    '/proc/102/stat': pidStat(102, 101, 20),
    '/proc/200/stat': pidStat(200, 1, 999),
  });
  const s = await readHostSnapshot(reader, [100], 0);
  assert.ok(s);
  assert.equal(s.ownTicks, 100);
  assert.deepEqual([...s.ownPids].sort(), [100, 101, 102]);
  assert.equal(s.load1, 0.52);
});

function snap(t: number, busy: number, total: number, own: number, steal = 0, cpus = 2): HostSnapshot {
  return { t_ms: t, cpu: { busy, total, steal, cpus }, ownTicks: own, ownPids: [], load1: 1 };
}

void test('other processes are the machine busy time minus our own, per interval', () => {
  // 2 CPUs over 2 intervals of 200 jiffies each: the machine was busy 300, we used 100.
  const s = summarizeHostLoad([snap(0, 0, 0, 0), snap(1, 150, 200, 50), snap(2, 300, 400, 100)]);
  assert.ok(s);
  assert.equal(s.others_share, 0.5);
  assert.equal(s.others_cpus, 1);
  assert.equal(s.busy, true);
  const quiet = summarizeHostLoad([snap(0, 0, 0, 0), snap(1, 60, 200, 50), snap(2, 120, 400, 100)]);
  assert.equal(quiet?.others_cpus, 0.1); // 20 of 400 jiffies on 2 CPUs
  assert.equal(quiet?.busy, false);
});

void test('a child reaped mid-run (its time moving into the parent) is not counted twice', () => {
  // Our tree's total goes 0 -> 80 -> 80 (the child exited; its 60 moved into the parent's cutime):
  // own time in the second interval is 0, and the machine's 10 busy jiffies are someone else's.
  const s = summarizeHostLoad([snap(0, 0, 0, 0), snap(1, 80, 200, 80), snap(2, 90, 400, 80)]);
  assert.equal(s?.others_share, 0.025);
});

void test('thresholds: half a CPU on a small machine, 10% on a large one, or 10% steal', () => {
  assert.equal(summarizeHostLoad([snap(0, 0, 0, 0), snap(1, 50, 200, 0)])?.busy, true); // 0.5 of 2
  assert.equal(summarizeHostLoad([snap(0, 0, 0, 0, 0, 16), snap(1, 100, 1600, 0, 0, 16)])?.busy, false); // 1 of 16
  assert.equal(summarizeHostLoad([snap(0, 0, 0, 0, 0, 16), snap(1, 200, 1600, 0, 0, 16)])?.busy, true); // 2 of 16
  assert.equal(summarizeHostLoad([snap(0, 0, 0, 0, 0), snap(1, 0, 200, 0, 30)])?.busy, true); // 15% steal
  assert.equal(summarizeHostLoad([snap(0, 0, 0, 0)]), undefined);
});
