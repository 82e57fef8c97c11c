// The session as the runner uses it, with a fake `nvidia-smi` found on PATH like the real one.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { telemetrySchema } from '../../../src/result/schema.js';
import { startTelemetry } from '../../../src/telemetry/telemetrySession.js';
import { FAKE_NVIDIA_SMI, NVIDIA_SMI_FIXTURES } from '../../support/nvidiaSmiFixtures.js';

async function fakeOnPath(scenario: string, extra: Record<string, string>) {
  const bin = await mkdtemp(path.join(os.tmpdir(), 'lpg-bin-'));
  const exe = path.join(bin, 'nvidia-smi');
  await writeFile(exe, `#!/bin/sh\nexec "${process.execPath}" "${FAKE_NVIDIA_SMI}" "$@"\n`);
  await chmod(exe, 0o755);
  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    FAKE_NVIDIA_SMI_DIR: path.join(NVIDIA_SMI_FIXTURES, scenario),
    ...extra,
  };
  return { env, cleanup: () => rm(bin, { recursive: true, force: true }) };
}

void test('a shared GPU is flagged, and memory is attributed to the pids given at stop', async () => {
  // pid 1 exists here and is not in this process tree: a stranger on the GPU.
  const fake = await fakeOnPath('h100-shared', { OWN_PID: String(process.pid), OTHER_PID: '1' });
  try {
    const session = await startTelemetry({ gpu: true, hostIntervalMs: 100, gpuSampler: { env: fake.env } });
    await new Promise((r) => setTimeout(r, 1000));
    const { telemetry, gpuProcessPeakMiB } = await session.stop([process.pid]);
    telemetrySchema.parse(telemetry);
    assert.equal(gpuProcessPeakMiB, 15188);
    assert.equal(telemetry.gpu_shared, true);
    assert.equal(telemetry.gpu_throttled, false);
    // The fake prints its 20 lines within milliseconds of starting; a loaded machine may lag.
    assert.ok(telemetry.samples >= 1 && telemetry.samples <= 20, String(telemetry.samples));
    assert.ok(
      telemetry.notes.some((n) => /^another process \(pid 1, 2\.1 GiB\) shared the GPU/.test(n)),
      telemetry.notes.join('\n'),
    );
    assert.equal(typeof telemetry.summary.host_others_cpus, 'number');
  } finally {
    await fake.cleanup();
  }
});

void test('the engine child of this process is ours, not a stranger', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn('sleep', ['5'], { stdio: 'ignore' });
  const fake = await fakeOnPath('h100-shared', { OWN_PID: String(process.pid), OTHER_PID: String(child.pid) });
  try {
    const session = await startTelemetry({ gpu: true, hostIntervalMs: 100, gpuSampler: { env: fake.env } });
    // Only this process is named at stop: the child is known as ours from the process tree.
    const { telemetry, gpuProcessPeakMiB } = await session.stop([process.pid]);
    assert.equal(telemetry.gpu_shared, false, telemetry.notes.join('\n'));
    assert.equal(gpuProcessPeakMiB, 15188);
  } finally {
    child.kill();
    await fake.cleanup();
  }
});

void test('no nvidia-smi: host telemetry only, with the reason, never a throw', async () => {
  const session = await startTelemetry({
    gpu: true,
    hostIntervalMs: 50,
    gpuSampler: { env: { ...process.env, PATH: '/nonexistent' } },
  });
  await new Promise((r) => setTimeout(r, 150));
  const { telemetry, gpuProcessPeakMiB } = await session.stop([]);
  assert.equal(gpuProcessPeakMiB, undefined);
  assert.deepEqual(
    telemetry.notes.filter((n) => n.startsWith('GPU')),
    ['GPU telemetry off: nvidia-smi not found'],
  );
  assert.ok(telemetry.samples >= 2);
  assert.equal(typeof telemetry.summary.host_cpus, 'number');
  // A second stop gets the same answer.
  assert.equal((await session.stop([])).telemetry, telemetry);
});

void test('gpu: false asks nothing of nvidia-smi', async () => {
  const session = await startTelemetry({ gpu: false, hostIntervalMs: 50 });
  const { telemetry } = await session.stop([]);
  assert.deepEqual(
    telemetry.notes.filter((n) => n.startsWith('GPU')),
    [],
  );
  assert.equal(telemetry.summary.gpu_samples, undefined);
});
