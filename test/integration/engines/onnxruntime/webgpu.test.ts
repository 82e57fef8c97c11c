// The webgpu provider end to end through the CLI, wherever a WebGPU adapter exists (a GPU with its
// Vulkan driver, or Mesa's software lavapipe: docs/benchmarks.md). CI machines have none, so there
// the test is skipped and says why; the GPU runs in docs/benchmarks.md cover the hardware path.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const MODEL = path.resolve('fixtures/models/gpt2-tiny/model_fp32.onnx');

/** Creates a webgpu session in a child process (a native abort must not take the test runner). */
function adapterProblem(): string | undefined {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `require('onnxruntime-node').InferenceSession.create(${JSON.stringify(MODEL)}, { executionProviders: ['webgpu'] })
         .then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); })`,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (probe.status === 0) return undefined;
  const why = (probe.stderr.match(/Failed to get a WebGPU adapter[^\n]*/) ?? [
    probe.stderr.trim().split('\n').pop(),
  ])[0];
  return `no WebGPU adapter here (${why ?? `exit ${probe.status}`})`;
}

void test('webgpu: runs through the CLI with present.* in GPU buffers and the CPU tokens', (t) => {
  const problem = adapterProblem();
  if (problem !== undefined) {
    t.skip(problem);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lpg-webgpu-'));
  try {
    const config = path.join(dir, 'perf-gate.yml');
    writeFileSync(
      config,
      [
        'version: 1',
        'protocol: { warmup: 1, iterations: 2, max_new_tokens: 16, prompt: "Explain quantum computing:", budget: { max_iterations: 2 } }',
        'benchmarks:',
        `  - { name: webgpu, engine: onnxruntime, options: { model: ${JSON.stringify(MODEL)}, provider: webgpu } }`,
        `  - { name: cpu, engine: onnxruntime, options: { model: ${JSON.stringify(MODEL)}, provider: cpu, intra_op_threads: 1 } }`,
        'gate: { fail_on: never }',
      ].join('\n'),
    );
    const out = path.join(dir, 'result.json');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'run', '--config', config, '--out', out, '--quiet'],
      {
        encoding: 'utf8',
        timeout: 240_000,
      },
    );
    assert.equal(run.status, 0, run.stderr.slice(-2000));
    const doc = JSON.parse(readFileSync(out, 'utf8')) as {
      benchmarks: { name: string; status: string; tokens_digest?: string; engine_info: Record<string, unknown> }[];
    };
    const [gpu, cpu] = ['webgpu', 'cpu'].map((n) => doc.benchmarks.find((b) => b.name === n)!);
    assert.equal(gpu!.status, 'ok', JSON.stringify(gpu));
    assert.equal(gpu!.engine_info['provider'], 'webgpu');
    assert.equal(gpu!.engine_info['kv_location'], 'gpu-buffer');
    assert.equal(gpu!.engine_info['isolation'], 'child process');
    assert.equal(cpu!.status, 'ok');
    assert.equal(gpu!.tokens_digest, cpu!.tokens_digest, 'fp32 greedy tokens differ between webgpu and cpu');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
