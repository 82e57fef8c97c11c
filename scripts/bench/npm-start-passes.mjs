// How often the embedded demo passes its own gate on unchanged code: runs `npm start` N times
// (default 50) one after another and counts exit code 0. A benchmark of the gate's false alarms on
// this machine, not a test: quote the count with the machine's state (the load averages printed at
// the start and the end; say whether the machine was shared). Needs a fresh `npm run build`.
//   node scripts/bench/npm-start-passes.mjs [N]
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const n = Number(process.argv[2] ?? 50);
if (!Number.isInteger(n) || n < 1) {
  console.error('usage: node scripts/bench/npm-start-passes.mjs [N]');
  process.exit(2);
}
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
console.log(`npm start x ${n} on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load ${load()}`);
let passes = 0;
const failures = new Map();
for (let i = 1; i <= n; i++) {
  const started = Date.now();
  const r = spawnSync('npm', ['start', '--silent'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const why = (r.stderr ?? '')
    .split('\n')
    .filter((l) => /^(gate|accepted): /.test(l) || /^llm-perf-gate /.test(l))
    .join(' | ');
  if (r.status === 0) passes += 1;
  else failures.set(why || `exit ${r.status}`, (failures.get(why || `exit ${r.status}`) ?? 0) + 1);
  console.log(`run ${i}: exit ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s${why ? `: ${why}` : ''}`);
}
console.log(`passes: ${passes} of ${n}; load at the end ${load()}`);
for (const [why, count] of failures) console.log(`  ${count} x ${why}`);
process.exitCode = passes === n ? 0 : 1;
