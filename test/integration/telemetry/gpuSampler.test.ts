// The sampler against a fake nvidia-smi process replaying recorded and hand-written outputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManagedChild } from '../../../src/process/index.js';
import { startGpuSampler } from '../../../src/telemetry/gpuSampler.js';
import { assessRunValidity } from '../../../src/telemetry/runValidity.js';
import { fakeStart } from '../../support/nvidiaSmiFixtures.js';

const OWN = process.pid;
const OTHER = 4242;

// Generous: the fake is a Node process, slow to start on a loaded 2-core CI machine.
async function waitFor(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

// A broken timeout would hang rather than fail: this bound only turns a hang into a failure (the
// path taken is checked by the assertions, not by the time it took).
const HANG_GUARD = { timeout: 60_000 };

void test('normal run: one loop process streams samples; per-process memory is polled', async () => {
  const reasons: string[] = [];
  let spawned = 0;
  const base = fakeStart('h100-normal', { OWN_PID: String(OWN) });
  const sampler = await startGpuSampler({
    start: (spec) => {
      spawned += 1;
      return base(spec);
    },
    appsIntervalMs: 100,
    ownPids: () => [OWN],
    onUnavailable: (r) => reasons.push(r),
  });
  assert.ok(sampler, `no sampler: ${reasons.join()}`);
  assert.equal(sampler.gpu.name, 'NVIDIA H100 80GB HBM3');
  assert.equal(sampler.gpu.uuid, 'GPU-3f1c9a2e-7b4d-4e5f-9a8b-1c2d3e4f5a6b');
  await waitFor(() => sampler.progress().samples >= 20 && sampler.progress().polls >= 2);
  const t = await sampler.stop();
  assert.equal(t.samples.length, 20);
  assert.deepEqual(t.errors, []);
  assert.ok(t.apps.length >= 2, `polls: ${t.apps.length}`);
  assert.deepEqual(t.apps[0]!.apps, [{ pid: OWN, used_mib: 15188, visible: true }]);
  assert.equal(sampler.peakProcessMemoryMiB([OWN]), 15188);
  assert.equal(sampler.peakProcessMemoryMiB([99999]), undefined);
  // Device-wide: the loop's peak memory.used (15234) minus the probe's, taken before the run (1).
  assert.equal(sampler.deviceMemoryRiseMiB(), 15234 - 1);
  // Probe + name + one loop + the polls: never a spawn per GPU sample.
  assert.equal(spawned, 3 + t.apps.length);
  // stop() is idempotent.
  assert.equal(await sampler.stop(), t);
});

void test('another process on the same GPU is seen; one on another GPU is not', async () => {
  const sampler = await startGpuSampler({
    start: fakeStart('h100-shared', { OWN_PID: String(OWN), OTHER_PID: String(OTHER) }),
    pidVisible: () => true,
    ownPids: () => [OWN],
  });
  assert.ok(sampler);
  const t = await sampler.stop();
  assert.deepEqual(
    t.apps[0]!.apps.map((a) => a.pid),
    [OWN, OTHER],
  );
  const v = assessRunValidity({ gpu: t });
  assert.equal(v.gpu_shared, true);
  assert.match(v.notes.join('\n'), /another process \(pid 4242, 2\.1 GiB\) shared the GPU/);
  assert.equal(sampler.peakProcessMemoryMiB([OWN, OTHER]), 15188 + 2150);
});

void test('throttled run: reasons decoded from the live stream', async () => {
  const sampler = await startGpuSampler({ start: fakeStart('h100-throttled', { OWN_PID: String(OWN) }) });
  assert.ok(sampler);
  await waitFor(() => sampler.progress().samples >= 20);
  const v = assessRunValidity({ gpu: await sampler.stop() });
  assert.equal(v.gpu_throttled, true);
  assert.ok(v.notes.includes('GPU HW thermal slowdown in 3 of 20 samples'), v.notes.join('\n'));
});

void test('the recorded H200 loop replays', async () => {
  const sampler = await startGpuSampler({ start: fakeStart('h200-recorded') });
  assert.ok(sampler);
  await waitFor(() => sampler.progress().samples >= 15);
  const t = await sampler.stop();
  assert.equal(t.samples.length, 15);
  assert.equal(t.gpu.name, 'NVIDIA H200');
  assert.equal(sampler.peakProcessMemoryMiB([460]), 3268);
});

void test('a driver before 535 gets the old name of the clock-event field', async () => {
  const sampler = await startGpuSampler({ start: fakeStart('legacy-driver') });
  assert.ok(sampler);
  await waitFor(() => sampler.progress().samples >= 6);
  const t = await sampler.stop();
  assert.equal(t.samples.length, 6);
  assert.deepEqual(t.errors, []);
});

void test('nvidia-smi missing: undefined, with the reason', async () => {
  const reasons: string[] = [];
  const sampler = await startGpuSampler({
    command: 'nvidia-smi-that-does-not-exist-here',
    onUnavailable: (r) => reasons.push(r),
  });
  assert.equal(sampler, undefined);
  assert.deepEqual(reasons, ['nvidia-smi-that-does-not-exist-here not found']);
});

void test('no GPU: undefined, with the reason', async () => {
  const reasons: string[] = [];
  const sampler = await startGpuSampler({ start: fakeStart('no-gpu'), onUnavailable: (r) => reasons.push(r) });
  assert.equal(sampler, undefined);
  assert.deepEqual(reasons, ['no NVIDIA GPU found']);
});

void test('a hanging nvidia-smi: undefined after the probe timeout, the process killed', HANG_GUARD, async () => {
  const reasons: string[] = [];
  const children: ManagedChild[] = [];
  const base = fakeStart('hang');
  const sampler = await startGpuSampler({
    start: (spec) => {
      const child = base(spec);
      children.push(child);
      return child;
    },
    probeTimeoutMs: 300,
    onUnavailable: (r) => reasons.push(r),
  });
  assert.equal(sampler, undefined);
  assert.deepEqual(reasons, ['nvidia-smi did not answer within the timeout']);
  // Killed: by SIGTERM if it had not yet set up to ignore it, else by the SIGKILL that follows.
  assert.equal(children.length, 1);
  const exit = await children[0]!.exited;
  assert.equal(exit.reason, 'timeout');
  assert.match(String(exit.signal), /^SIG(TERM|KILL)$/);
});

void test('a loop that hangs silently: stop() still returns, kills it and says so', HANG_GUARD, async () => {
  const children: ManagedChild[] = [];
  const base = fakeStart('hang-loop', { OWN_PID: String(OWN) });
  const sampler = await startGpuSampler({
    start: (spec) => {
      const child = base(spec);
      children.push(child);
      return child;
    },
  });
  assert.ok(sampler);
  // Let the fake loop start and set up to ignore SIGTERM, so stop() has to escalate.
  await new Promise((r) => setTimeout(r, 1000));
  const t = await sampler.stop();
  assert.equal(t.samples.length, 0);
  assert.ok(t.errors.includes('nvidia-smi sampling loop produced no samples'), t.errors.join());
  assert.equal((await children[2]!.exited).signal, 'SIGKILL');
});
