import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostLoadSummary } from '../../../src/telemetry/hostLoad.js';
import { assessRunValidity } from '../../../src/telemetry/runValidity.js';
import { gpuTelemetryFromFixture } from '../../support/nvidiaSmiFixtures.js';

const OWN = 5000;
const quietHost: HostLoadSummary = {
  samples: 10,
  cpus: 16,
  others_cpus: 0.1,
  others_share: 0.006,
  steal_share: 0,
  load1_max: 1.2,
  busy: false,
};

void test('a normal H100 run is clean, and the idle samples before it are not throttling', () => {
  const gpu = gpuTelemetryFromFixture('h100-normal', 'loop.txt', [
    { t_ms: 0, apps: [{ pid: OWN, used_mib: 15188, visible: true }], own: [OWN] },
  ]);
  const t = assessRunValidity({ gpu, host: quietHost });
  assert.equal(t.samples, 20);
  assert.equal(t.gpu_throttled, false);
  assert.equal(t.gpu_shared, false);
  assert.equal(t.host_busy, false);
  assert.deepEqual(t.notes, []);
  assert.equal(t.summary.sm_clock_mhz_median, 1980);
  assert.equal(t.summary.sm_clock_mhz_min, 345);
  assert.equal(t.summary.gpu_memory_used_mib_max, 15234);
  assert.equal(t.summary.throttle_samples, 0);
  assert.equal(t.summary.clock_event_reasons, 'gpu_idle:1');
  assert.equal(t.summary.host_others_cpus, 0.1);
});

void test('thermal and power throttling mark the run, with counts per reason', () => {
  const t = assessRunValidity({ gpu: gpuTelemetryFromFixture('h100-throttled') });
  assert.equal(t.gpu_throttled, true);
  assert.deepEqual(t.notes, [
    'GPU SW power cap in 6 of 20 samples',
    'GPU HW slowdown in 3 of 20 samples',
    'GPU HW thermal slowdown in 3 of 20 samples',
  ]);
  assert.equal(t.summary.throttle_samples, 9);
  assert.equal(t.summary.temperature_c_max, 89);
  assert.equal(t.summary.sm_clock_mhz_min, 1005);
});

void test('a brief software power cap is noted but does not mark the run', () => {
  const gpu = gpuTelemetryFromFixture('h100-throttled');
  // Keep one power-capped sample (1 of 20 = 5%) and drop the thermal ones.
  const samples = gpu.samples.filter((s) => s.reasons.length === 0 || s.t_ms === 3 * 200);
  const t = assessRunValidity({ gpu: { ...gpu, samples } });
  assert.equal(t.gpu_throttled, false);
  assert.deepEqual(t.notes, [`GPU SW power cap in 1 of ${samples.length} samples (below the 10% that marks a run)`]);
});

void test('a single HW thermal sample is enough to mark the run', () => {
  const gpu = gpuTelemetryFromFixture('h100-throttled');
  const samples = gpu.samples.filter((s) => s.reasons.length === 0 || s.t_ms === 9 * 200);
  const t = assessRunValidity({ gpu: { ...gpu, samples } });
  assert.equal(t.gpu_throttled, true);
});

void test('another process on the GPU marks the run and is named with its memory', () => {
  const gpu = gpuTelemetryFromFixture('h100-shared', 'loop.txt', [
    { t_ms: 0, apps: [{ pid: OWN, used_mib: 15188, visible: true }], own: [OWN] },
    {
      t_ms: 1000,
      apps: [
        { pid: OWN, used_mib: 15188, visible: true },
        { pid: 1234, used_mib: 2150, visible: true },
      ],
      own: [OWN],
    },
  ]);
  const t = assessRunValidity({ gpu });
  assert.equal(t.gpu_shared, true);
  assert.deepEqual(t.notes, ['another process (pid 1234, 2.1 GiB) shared the GPU in 1 of 2 process polls']);
  assert.equal(t.summary.other_processes, 1);
});

void test('the engine pid given at stop time counts as our own', () => {
  const gpu = gpuTelemetryFromFixture('h100-normal', 'loop.txt', [
    { t_ms: 0, apps: [{ pid: 777, used_mib: 9000, visible: true }], own: [OWN] },
  ]);
  assert.equal(assessRunValidity({ gpu }).gpu_shared, true);
  assert.equal(assessRunValidity({ gpu, ownPids: [777] }).gpu_shared, false);
});

void test('pids from another pid namespace are reported as unknown, not as sharing', () => {
  const gpu = gpuTelemetryFromFixture('h100-normal', 'loop.txt', [
    { t_ms: 0, apps: [{ pid: 98765, used_mib: 15188, visible: false }], own: [OWN] },
  ]);
  const t = assessRunValidity({ gpu });
  assert.equal(t.gpu_shared, false);
  assert.match(t.notes.join('\n'), /pid 98765\) are not visible from this pid namespace/);
  // ...but once our own pid shows up in the same poll, namespaces agree and the stranger is foreign.
  const both = gpuTelemetryFromFixture('h100-normal', 'loop.txt', [
    {
      t_ms: 0,
      apps: [
        { pid: OWN, used_mib: 15188, visible: true },
        { pid: 98765, used_mib: 800, visible: false },
      ],
      own: [OWN],
    },
  ]);
  assert.equal(assessRunValidity({ gpu: both }).gpu_shared, true);
});

void test('a busy host and sampler errors become notes', () => {
  const gpu = gpuTelemetryFromFixture('h100-normal', 'loop.txt', [], ['nvidia-smi did not answer within the timeout']);
  const t = assessRunValidity({
    gpu,
    host: { ...quietHost, cpus: 2, others_cpus: 1.4, others_share: 0.7, busy: true },
  });
  assert.equal(t.host_busy, true);
  assert.deepEqual(t.notes, [
    'GPU telemetry: nvidia-smi did not answer within the timeout',
    'host busy: other processes used 1.4 of 2 CPUs on average',
  ]);
});

void test('without a GPU the telemetry is the host load and the reason', () => {
  const t = assessRunValidity({ host: quietHost, notes: ['GPU telemetry off: nvidia-smi not found'] });
  assert.equal(t.samples, 10);
  assert.equal(t.gpu_throttled, false);
  assert.deepEqual(t.notes, ['GPU telemetry off: nvidia-smi not found']);
  assert.equal(t.summary.gpu_samples, undefined);
});
