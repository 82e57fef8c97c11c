import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Environment } from '../../../src/result/schema.js';
import { collectEnvironment } from '../../../src/telemetry/environment.js';
import { diffEnvironments, machineLine } from '../../../src/telemetry/fingerprintDiff.js';
import { recordedProbe } from '../../support/recordedEnvironmentProbe.js';

const PYTHON = { code: 0, stdout: '{"python": "3.12.3", "torch": "2.11.0", "transformers": "5.1.0"}', stderr: '' };

async function env(scenario: string, extra: Parameters<typeof recordedProbe>[0] = { scenario }): Promise<Environment> {
  return collectEnvironment({
    engines: ['onnxruntime', 'transformers'],
    configHash: 'c',
    probe: recordedProbe({ ...extra, scenario, python: extra.python ?? PYTHON }),
  });
}

void test('the same machine has no differences', async () => {
  assert.deepEqual(diffEnvironments(await env('h100-normal'), await env('h100-normal')), []);
});

void test('differences are listed field by field in a fixed order', async () => {
  const a = await env('h100-normal');
  const b = await env('h200-recorded', {
    scenario: 'h200-recorded',
    python: { code: 0, stdout: '{"python": "3.12.3", "torch": "2.12.0", "transformers": "5.1.0"}', stderr: '' },
  });
  assert.deepEqual(diffEnvironments(a, b), [
    { field: 'gpu_name', baseline: 'NVIDIA H100 80GB HBM3', candidate: 'NVIDIA H200' },
    { field: 'gpu_memory_mib', baseline: 81559, candidate: 143771 },
    { field: 'gpu_driver', baseline: '580.65.06', candidate: '580.159.04' },
    { field: 'torch_version', baseline: '2.11.0', candidate: '2.12.0' },
  ]);
});

void test('workload fields and a field only one side collected are not differences', async () => {
  const a = await env('h100-normal');
  const b = { ...a, fields: { ...a.fields, config_hash: 'other', node_version: '20.19.9' } };
  assert.deepEqual(diffEnvironments(a, b), []);
  const onnxOnly = await collectEnvironment({
    engines: ['onnxruntime'],
    configHash: 'c',
    probe: recordedProbe({ scenario: 'h100-normal' }),
  });
  assert.deepEqual(diffEnvironments(a, onnxOnly), []);
  // Collected but absent (torch not installed) is a difference.
  const noTorch = await env('h100-normal', {
    scenario: 'h100-normal',
    python: { code: 0, stdout: '{"python": "3.12.3", "torch": null, "transformers": "5.1.0"}', stderr: '' },
  });
  assert.deepEqual(diffEnvironments(a, noTorch), [{ field: 'torch_version', baseline: '2.11.0', candidate: null }]);
});

void test('a GPU machine against a CPU-only one', async () => {
  const cpu = await env('missing');
  const d = diffEnvironments(await env('h100-normal'), cpu);
  assert.deepEqual(
    d.map((x) => x.field),
    ['gpu_name', 'gpu_count', 'gpu_memory_mib', 'gpu_driver', 'cuda_version'],
  );
});

void test('machine line for a GPU machine and a CPU-only one', async () => {
  assert.equal(
    machineLine(await env('h100-normal')),
    'NVIDIA H100 80GB HBM3 ×1 · driver 580.65.06 · CUDA 13.0 · AMD EPYC 9454 48-Core Processor (16 cores)',
  );
  assert.equal(
    machineLine(
      await env('missing', {
        scenario: 'missing',
        host: { cpuModel: 'Intel(R) Xeon(R) Platinum 8370C', cpuCores: 2, totalMemBytes: 24 * 2 ** 30 },
      }),
    ),
    'CPU-only · Intel(R) Xeon(R) Platinum 8370C (2 cores, 24 GiB)',
  );
  assert.equal(machineLine({ fields: {}, comparable: [], hash: 'x' }), 'CPU-only · unknown CPU');
});
