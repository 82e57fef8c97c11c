// Issue 15: cancellation keeps what finished; budget.max_seconds bounds the planned round too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src/config/loadConfig.ts';
import type { EngineRegistry } from '../../../src/engines/registry.ts';
import { EngineError, type Engine, type EngineRequest, type IterationObserver } from '../../../src/engines/types.ts';
import { hardStopMs, runBenchmarks } from '../../../src/protocol/runBenchmarks.ts';
import type { EngineOutput, IterationSample } from '../../../src/result/schema.ts';
import { resultSchema } from '../../../src/result/schema.ts';

const env = async () => ({ fields: { cpu_model: 'test' }, comparable: ['cpu_model'], hash: 'h1' });
const registry = (engine: Engine): EngineRegistry => ({
  onnxruntime: async () => engine,
  transformers: async () => engine,
  command: async () => engine,
});
const sample = (): IterationSample => ({ e2e_ms: 20, ttft_ms: 2, new_tokens: 10, batch_size: 1, prompt_tokens: 4 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An engine that takes `ms` per iteration, honours the budget like the built-in one, and stops on abort. */
function pacedEngine(ms: number, opts: { ignoreBudget?: boolean } = {}): Engine & { requests: EngineRequest[] } {
  const requests: EngineRequest[] = [];
  return {
    name: 'command',
    requests,
    async run(req: EngineRequest, observer: IterationObserver): Promise<EngineOutput> {
      requests.push(req);
      const started = performance.now();
      const iterations: IterationSample[] = [];
      for (let i = 0; i < req.iterations; i++) {
        if (!opts.ignoreBudget && i > 0 && req.budgetMs !== undefined && performance.now() - started >= req.budgetMs)
          break;
        await sleep(ms);
        if (req.signal?.aborted) throw new EngineError('internal', 'stopped');
        iterations.push(sample());
        observer.onIteration?.(i, req.iterations, sample());
      }
      return { iterations, memory: [], engine_info: {} };
    },
  };
}

const config = (protocol: string) =>
  parseConfig(
    `protocol: ${protocol}
benchmarks:
  - { name: a, engine: command, options: { run: [x] } }
  - { name: b, engine: command, options: { run: [x] } }
  - { name: c, engine: command, options: { run: [x] } }
`,
    'p.yml',
  );

describe('cancellation', () => {
  it('the running config is cancelled, later ones are not started, finished ones are kept', async () => {
    const controller = new AbortController();
    const engine = pacedEngine(5);
    let ended = 0;
    const doc = await runBenchmarks(config('{ iterations: 4 }'), {
      engines: registry(engine),
      environment: env,
      telemetry: false,
      signal: controller.signal,
      progress: {
        benchmarkStart: () => undefined,
        warmup: () => undefined,
        iteration: () => (ended === 1 ? controller.abort('SIGTERM') : undefined),
        benchmarkEnd: () => void ended++,
        note: () => undefined,
      },
    });
    assert.equal(resultSchema.safeParse(doc).success, true);
    assert.deepEqual(
      doc.benchmarks.map((b) => [b.name, b.status, b.error?.kind]),
      [
        ['a', 'ok', undefined],
        ['b', 'failed', 'cancelled'],
        ['c', 'failed', 'cancelled'],
      ],
    );
    assert.match(doc.benchmarks[2]!.error!.message, /not measured: the run was cancelled before this config started/);
    assert.equal(doc.run.cancelled?.signal, 'SIGTERM');
    assert.match(doc.run.cancelled?.message ?? '', /1 of 3 configs finished/);
    assert.equal(engine.requests.length, 2);
  });
});

describe('budget.max_seconds', () => {
  it('bounds the planned round: iterations stop when it runs out, the ones done are kept and the stop is said', async () => {
    // 1000 iterations of 20 ms would take 20 s; the budget is 0.2 s.
    const snapshots: number[] = [];
    const doc = await runBenchmarks(config('{ iterations: 1000, budget: { max_seconds: 0.2 } }'), {
      engines: registry(pacedEngine(20)),
      environment: env,
      telemetry: false,
      onSnapshot: (d) => snapshots.push(d.benchmarks.filter((b) => b.status === 'ok').length),
    });
    for (const b of doc.benchmarks) {
      assert.equal(b.status, 'ok');
      assert.ok(b.iterations.length >= 1 && b.iterations.length < 1000, `${b.iterations.length} iterations`);
      assert.equal(b.stopped?.reason, 'budget');
      assert.equal(b.stopped?.planned_iterations, 1000);
      assert.match(b.stopped?.message ?? '', /budget.max_seconds \(0.2 s\) ran out after \d+ of 1000 iterations/);
    }
    assert.deepEqual(snapshots, [1, 2, 3]);
  });

  it('hands every round the time left, and stops a round that ignores it far past it', () => {
    assert.equal(hardStopMs(600_000), 1_230_000);
    assert.equal(hardStopMs(0), 30_000);
  });
});
