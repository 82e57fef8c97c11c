import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src/config/loadConfig.ts';
import type { EngineRegistry } from '../../../src/engines/registry.ts';
import { EngineError, type Engine, type EngineRequest } from '../../../src/engines/types.ts';
import { runBenchmarks } from '../../../src/protocol/runBenchmarks.ts';
import type { EngineOutput, ResultDoc } from '../../../src/result/schema.ts';
import { resultSchema } from '../../../src/result/schema.ts';

/** An engine whose timings are given: e2e = msPerToken × tokens, scaled per run by `scale(round)`. */
function fakeEngine(msPerToken: (req: EngineRequest) => number, fail?: string): Engine {
  return {
    name: 'command',
    async run(req): Promise<EngineOutput> {
      if (req.name === fail) throw new EngineError('model', `model for ${req.name} is broken`);
      const ms = msPerToken(req);
      return {
        iterations: Array.from({ length: req.iterations }, (_, i) => ({
          e2e_ms: ms * req.maxNewTokens * (1 + 0.001 * i),
          ttft_ms: ms,
          new_tokens: req.maxNewTokens,
          batch_size: req.batchSize,
          prompt_tokens: req.promptTokens ?? 6,
        })),
        memory: [{ metric: 'host_rss_peak_mib', value_mib: 100, source: 'fake' }],
        engine_info: { round: req.round },
        tokens_digest: 'abc123',
      };
    },
  };
}

const registry = (engine: Engine): EngineRegistry => ({
  onnxruntime: async () => engine,
  transformers: async () => engine,
  command: async () => engine,
});

const env = async () => ({ fields: { cpu_model: 'test' }, comparable: ['cpu_model'], hash: 'h1' });

const config = parseConfig(
  `protocol: {iterations: 4, max_new_tokens: 10, budget: {max_iterations: 12, max_seconds: 60}}
benchmarks:
  - name: a
    engine: command
    options: {run: [x]}
  - name: b
    engine: command
    options: {run: [x]}
`,
  'p.yml',
);

/** One baseline run per factor, each around 2.0 ms/token × factor. */
async function baselineRuns(factors: readonly number[]): Promise<ResultDoc[]> {
  const docs: ResultDoc[] = [];
  for (const f of factors) {
    docs.push(
      await runBenchmarks(config, { engines: registry(fakeEngine(() => 2 * f)), environment: env, telemetry: false }),
    );
  }
  return docs;
}

describe('runBenchmarks', () => {
  it('records every iteration, and a failing config does not stop the others', async () => {
    const doc = await runBenchmarks(config, {
      engines: registry(fakeEngine(() => 2, 'a')),
      environment: env,
      telemetry: false,
      git: { sha: 'abc' },
    });
    assert.equal(resultSchema.safeParse(doc).success, true);
    assert.deepEqual(
      doc.benchmarks.map((b) => [b.name, b.status, b.iterations.length]),
      [
        ['a', 'failed', 0],
        ['b', 'ok', 4],
      ],
    );
    assert.deepEqual(doc.benchmarks[0]?.error, { kind: 'model', message: 'model for a is broken' });
    assert.equal(doc.benchmarks[1]?.workload.max_new_tokens, 10);
    assert.equal(doc.run.git?.sha, 'abc');
  });

  it('runs another round where the verdict against the baseline is inconclusive, within the budget', async () => {
    // Five baseline runs around 2.0 ms/token with a little between-run spread.
    const baselines = await baselineRuns([1.0, 1.01, 0.99, 1.02, 0.98]);
    // The candidate is 30% slower: one run cannot confirm a regression, so the runner samples more.
    const doc = await runBenchmarks(config, {
      engines: registry(fakeEngine(() => 2.6)),
      environment: env,
      telemetry: false,
      baselines,
    });
    for (const b of doc.benchmarks) {
      // Two more runs: the second for any inconclusive answer, the third to confirm the slow-down.
      assert.deepEqual(b.adaptive, {
        rounds: 2,
        iterations: 12,
        reason: 'a change against the baseline, confirmed by more candidate runs',
      });
      assert.deepEqual([...new Set(b.iterations.map((s) => s.round ?? 0))], [0, 1, 2]);
    }
  });

  it('stops after the second run when the answer stays inconclusive for want of precision', async () => {
    // Between-run spread of 20%: an unchanged candidate cannot be told apart, whatever it shows.
    const baselines = await baselineRuns([1.0, 1.3, 0.8, 1.2, 0.9]);
    const doc = await runBenchmarks(config, {
      engines: registry(fakeEngine(() => 2)),
      environment: env,
      telemetry: false,
      baselines,
    });
    for (const b of doc.benchmarks) {
      assert.deepEqual(b.adaptive, { rounds: 1, iterations: 8, reason: 'inconclusive against the baseline' });
    }
  });
});
