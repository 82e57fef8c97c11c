import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { environmentSchema } from '../../../src/result/schema.js';
import { collectEnvironment, createEnvironmentProbe, visibleGpus } from '../../../src/telemetry/environment.js';
import { parseGpuInfo } from '../../../src/telemetry/nvidiaSmi.js';
import { recordedProbe } from '../../support/recordedEnvironmentProbe.js';

const PYTHON_OK = {
  code: 0,
  stdout: '{"python": "3.12.3", "torch": "2.11.0+cu130", "transformers": "5.1.0"}\n',
  stderr: '',
};

void test('fingerprints an H100 machine from recorded nvidia-smi output', async () => {
  const env = await collectEnvironment({
    engines: ['onnxruntime', 'transformers'],
    modelFiles: ['/models/a/model.onnx'],
    configHash: 'cfg123',
    probe: recordedProbe({
      scenario: 'h100-normal',
      python: PYTHON_OK,
      files: { '/sys/fs/cgroup/cpu.max': 'max 100000\n' },
      digests: { '/models/a/model.onnx': 'sha256:abc' },
    }),
  });
  environmentSchema.parse(env);
  assert.deepEqual(env.fields, {
    gpu_name: 'NVIDIA H100 80GB HBM3',
    gpu_count: 1,
    gpu_memory_mib: 81559,
    gpu_driver: '580.65.06',
    cuda_version: '13.0',
    cpu_model: 'AMD EPYC 9454 48-Core Processor',
    cpu_cores: 16,
    cpu_limit: null,
    ram_gib: 128,
    os: 'linux 6.8.0-45-generic',
    arch: 'x64',
    node_version: '20.19.4',
    node_major: 20,
    onnxruntime_node_version: '1.30.0',
    python_version: '3.12.3',
    torch_version: '2.11.0+cu130',
    transformers_version: '5.1.0',
    'model_sha256:model.onnx': 'sha256:abc',
    config_hash: 'cfg123',
  });
  assert.ok(env.comparable.includes('torch_version'));
  assert.ok(!env.comparable.includes('config_hash'));
  assert.ok(!env.comparable.includes('node_version'));
  assert.ok(!env.comparable.includes('model_sha256:model.onnx'));
  assert.match(env.hash, /^[0-9a-f]{16}$/);
});

void test('the hash follows the machine, not the workload', async () => {
  const base = { engines: ['onnxruntime'], configHash: 'a' };
  const h100 = await collectEnvironment({ ...base, probe: recordedProbe({ scenario: 'h100-normal' }) });
  const again = await collectEnvironment({ ...base, probe: recordedProbe({ scenario: 'h100-normal' }) });
  const otherConfig = await collectEnvironment({
    ...base,
    configHash: 'b',
    modelFiles: ['/m.onnx'],
    probe: recordedProbe({
      scenario: 'h100-normal',
      digests: { '/m.onnx': 'sha256:1' },
      host: { nodeVersion: '20.19.5' },
    }),
  });
  const h200 = await collectEnvironment({ ...base, probe: recordedProbe({ scenario: 'h200-recorded' }) });
  const olderDriver = await collectEnvironment({ ...base, probe: recordedProbe({ scenario: 'legacy-driver' }) });
  const newerOrt = await collectEnvironment({
    ...base,
    probe: recordedProbe({ scenario: 'h100-normal', ortVersion: '1.31.0' }),
  });
  assert.equal(again.hash, h100.hash);
  assert.equal(otherConfig.hash, h100.hash);
  assert.notEqual(h200.hash, h100.hash);
  assert.notEqual(olderDriver.hash, h100.hash);
  assert.notEqual(newerOrt.hash, h100.hash);
});

void test('a machine without nvidia-smi is CPU-only, and absent Python is null, not an error', async () => {
  const probe = recordedProbe({ scenario: 'missing', files: { '/sys/fs/cgroup/cpu.max': '200000 100000\n' } });
  const env = await collectEnvironment({ engines: ['transformers'], configHash: 'x', probe });
  assert.equal(env.fields.gpu_name, null);
  assert.equal(env.fields.gpu_count, 0);
  assert.equal(env.fields.gpu_driver, null);
  assert.equal(env.fields.cuda_version, null);
  assert.equal(env.fields.cpu_limit, 2);
  assert.equal(env.fields.python_version, null);
  assert.equal(env.fields.torch_version, null);
  // Python was asked once, with a timeout of its own.
  assert.equal(probe.calls.filter((c) => c.startsWith('python3 -c')).length, 1);
});

void test('"No devices were found" gives zero GPUs', async () => {
  const env = await collectEnvironment({ engines: [], configHash: 'x', probe: recordedProbe({ scenario: 'no-gpu' }) });
  assert.equal(env.fields.gpu_count, 0);
  assert.equal(env.fields.gpu_name, null);
});

void test('the Python stack is only asked for when the transformers engine runs', async () => {
  const probe = recordedProbe({ scenario: 'h100-normal', python: PYTHON_OK });
  const env = await collectEnvironment({ engines: ['onnxruntime'], configHash: 'x', probe });
  assert.equal('torch_version' in env.fields, false);
  assert.equal(
    probe.calls.some((c) => c.includes('python')),
    false,
  );
});

void test('CUDA_VISIBLE_DEVICES decides which GPUs count', () => {
  const gpus = parseGpuInfo(
    '0, NVIDIA H100 80GB HBM3, 81559, 580.65.06, GPU-aaaa-1\n1, NVIDIA H100 80GB HBM3, 81559, 580.65.06, GPU-bbbb-2\n',
  );
  assert.equal(visibleGpus(gpus, undefined).length, 2);
  assert.deepEqual(
    visibleGpus(gpus, '1').map((g) => g.index),
    [1],
  );
  assert.deepEqual(
    visibleGpus(gpus, 'GPU-bbbb').map((g) => g.index),
    [1],
  );
  assert.equal(visibleGpus(gpus, '').length, 0);
  assert.equal(visibleGpus(gpus, '-1').length, 0);
  assert.deepEqual(
    visibleGpus(gpus, '0,7,1').map((g) => g.index),
    [0],
  );
});

void test('model digests are sha256 of the file, cached by path, mtime and size', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lpg-digest-'));
  try {
    const file = path.join(dir, 'model.onnx');
    const cacheFile = path.join(dir, 'cache', 'digests.json');
    await writeFile(file, 'weights-1');
    // Whole milliseconds, so restoring the mtime below restores it exactly.
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000);
    await utimes(file, mtime, mtime);
    const probe = createEnvironmentProbe({ digestCacheFile: cacheFile });
    const expected = `sha256:${createHash('sha256').update('weights-1').digest('hex')}`;
    assert.equal(await probe.digestFile(file), expected);
    // Same size and mtime: the cached digest comes back (a real change would alter one of them).
    await writeFile(file, 'weights-2');
    await utimes(file, mtime, mtime);
    assert.equal((await stat(file)).mtimeMs, mtime.getTime());
    assert.equal(await probe.digestFile(file), expected);
    // A fresh probe reads the cache file written by the first.
    assert.equal(await createEnvironmentProbe({ digestCacheFile: cacheFile }).digestFile(file), expected);
    assert.ok((await readFile(cacheFile, 'utf8')).includes(expected));
    // A new mtime invalidates it.
    await utimes(file, mtime, new Date(mtime.getTime() + 5000));
    assert.equal(await probe.digestFile(file), `sha256:${createHash('sha256').update('weights-2').digest('hex')}`);
    assert.equal(await probe.digestFile(path.join(dir, 'missing.onnx')), null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

void test('the real probe finds the installed onnxruntime-node', async () => {
  const probe = createEnvironmentProbe();
  assert.match((await probe.packageVersion('onnxruntime-node')) ?? '', /^\d+\.\d+\.\d+/);
  assert.equal(await probe.packageVersion('surely-not-installed-package-xyz'), null);
});

void test('the Python version script runs on a real interpreter', async () => {
  const real = createEnvironmentProbe();
  const env = await collectEnvironment({
    engines: ['transformers'],
    configHash: 'x',
    probe: {
      ...real,
      exec: (command, args, timeoutMs) =>
        command === 'nvidia-smi'
          ? Promise.resolve({ code: null, stdout: '', stderr: '', failure: 'not-found' as const })
          : real.exec(command, args, timeoutMs),
    },
  });
  assert.match(String(env.fields.python_version), /^3\.\d+\.\d+/);
  // torch and transformers may or may not be installed here; either way the field is present.
  assert.ok('torch_version' in env.fields && 'transformers_version' in env.fields);
});
