// Issue 15, "Unbounded work": budget.max_seconds did not bound the planned round, so a config with
// very many iterations ran until the CI job was killed. The built-in engine, in its child process,
// stops starting iterations when the budget runs out; the iterations done are kept and the stop is
// recorded.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../../src/config/loadConfig.js';
import { runBenchmarks } from '../../../src/protocol/runBenchmarks.js';

const MODELS = fileURLToPath(new URL('../../../fixtures/models/gpt2-tiny/', import.meta.url));

describe('budget.max_seconds with the onnxruntime engine', { timeout: 120_000 }, () => {
  it('10,000 planned iterations stop when 2 s are used up', async () => {
    const loaded = parseConfig(
      `protocol: {warmup: 0, iterations: 10000, max_new_tokens: 8, prompt_tokens: 4, budget: {max_seconds: 2}}
benchmarks:
  - name: tiny
    engine: onnxruntime
    options: {model: model_fp32.onnx, intra_op_threads: 1}
`,
      'budget.perf-gate.yml',
      path.join(MODELS, 'budget.perf-gate.yml'),
    );
    const doc = await runBenchmarks(loaded, {
      environment: async () => ({ fields: { cpu_model: 'test' }, comparable: ['cpu_model'], hash: 'h' }),
      telemetry: false,
    });
    const b = doc.benchmarks[0]!;
    assert.equal(b.status, 'ok', b.error?.message);
    assert.ok(b.iterations.length >= 1 && b.iterations.length < 10000, `${b.iterations.length} iterations`);
    assert.equal(b.stopped?.reason, 'budget');
    assert.match(b.stopped?.message ?? '', /budget.max_seconds \(2 s\) ran out after \d+ of 10000 iterations/);
  });
});
