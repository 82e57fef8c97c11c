// Isolated rounds for real: the onnxruntime engine on the tiny fixture model in a child process of
// this program (started from source through tsx), against the same round in-process; and a child
// that aborts natively, which must fail its config only.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src/config/loadConfig.js';
import { TEST_ABORT_ENV } from '../../../src/engines/isolation/childRound.js';
import { isolatedWhen } from '../../../src/engines/isolation/isolatedEngine.js';
import { onnxruntimeEngine } from '../../../src/engines/onnxruntime/onnxDecoder.js';
import { needsIsolation, onnxOptionsSchema, type OnnxOptions } from '../../../src/engines/onnxruntime/options.js';
import { EngineError, type EngineRequest } from '../../../src/engines/types.js';
import { runBenchmarks } from '../../../src/protocol/runBenchmarks.js';

const FIXTURES = path.resolve('fixtures/models/gpt2-tiny');
const MODEL = path.join(FIXTURES, 'model_int4.onnx');

function request(name: string): EngineRequest<OnnxOptions> {
  return {
    name,
    options: onnxOptionsSchema.parse({ model: 'model_int4.onnx', intra_op_threads: 1, isolate: 'always' }),
    warmup: 1,
    iterations: 2,
    maxNewTokens: 8,
    batchSize: 1,
    prompt: 'Explain quantum computing:',
    seed: 1,
    configDir: FIXTURES,
    round: 0,
  };
}

function isolatedOnnx(env: NodeJS.ProcessEnv = process.env) {
  return isolatedWhen(
    onnxruntimeEngine(),
    {
      isolate: (r) => needsIsolation(r.options),
      describe: (r) => `model ${path.resolve(r.configDir, r.options.model)}`,
    },
    { env },
  );
}

describe('isolated onnxruntime rounds', () => {
  it('a round in a child process generates the same tokens as in-process, with its pid and progress', async () => {
    const local = await onnxruntimeEngine().run(request('int4'), {});
    const events: string[] = [];
    const pids: number[] = [];
    const out = await isolatedOnnx().run(request('int4'), {
      onWarmup: (i, n) => events.push(`warmup ${i + 1}/${n}`),
      onIteration: (i, n, s) => events.push(`iteration ${i + 1}/${n} ${s.new_tokens} tokens`),
      onProcess: (pid) => pids.push(pid),
    });
    assert.equal(out.tokens_digest, local.tokens_digest);
    assert.equal(out.iterations.length, 2);
    assert.deepEqual(events, ['warmup 1/1', 'iteration 1/2 8 tokens', 'iteration 2/2 8 tokens']);
    assert.equal(pids.length, 1);
    assert.equal(out.engine_info.pid, pids[0]);
    assert.notEqual(out.engine_info.pid, process.pid);
    assert.equal(out.engine_info.isolation, 'child process');
    assert.equal(out.engine_info.model_file, 'model_int4.onnx');
    assert.equal(local.engine_info.isolation, undefined);
  });

  it('a child that aborts natively is a crash naming the model and the signal', async () => {
    const engine = isolatedOnnx({ ...process.env, [TEST_ABORT_ENV]: 'doomed' });
    const err = await engine.run(request('doomed'), {}).then(
      () => assert.fail('the round should have failed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof EngineError, String(err));
    assert.equal(err.kind, 'crash');
    assert.match(err.message, /SIGABRT/);
    assert.ok(err.message.includes(MODEL), err.message);
    assert.ok(err.message.includes('"doomed"'), err.message);
    // The same engine still runs the next config (the hook names only "doomed").
    const next = await engine.run(request('next'), {});
    assert.equal(next.iterations.length, 2);
  });

  it('an error the engine reports in the child reads as it does in-process', async () => {
    const req = { ...request('missing'), options: { ...request('missing').options, model: 'nope.onnx' } };
    const inProcess = await onnxruntimeEngine()
      .run(req, {})
      .catch((e: unknown) => e);
    const isolated = await isolatedOnnx()
      .run(req, {})
      .catch((e: unknown) => e);
    assert.ok(inProcess instanceof EngineError && isolated instanceof EngineError);
    assert.equal(isolated.kind, inProcess.kind);
    assert.equal(isolated.message, inProcess.message);
  });
});

describe('the runner with the default engines', () => {
  it('a config whose child aborts fails alone; isolated and in-process configs agree on tokens', async () => {
    const loaded = parseConfig(
      `protocol: {warmup: 1, iterations: 2, max_new_tokens: 8}
benchmarks:
  - name: doomed
    engine: onnxruntime
    options: {model: model_int4.onnx, intra_op_threads: 1, isolate: always}
  - name: isolated
    engine: onnxruntime
    options: {model: model_int4.onnx, intra_op_threads: 1, isolate: always}
  - name: in-process
    engine: onnxruntime
    options: {model: model_int4.onnx, intra_op_threads: 1, isolate: never}
`,
      'iso.perf-gate.yml',
      path.join(FIXTURES, 'iso.perf-gate.yml'),
    );
    const saved = process.env[TEST_ABORT_ENV];
    process.env[TEST_ABORT_ENV] = 'doomed';
    let doc;
    try {
      doc = await runBenchmarks(loaded, {
        environment: async () => ({ fields: { cpu_model: 'test' }, comparable: ['cpu_model'], hash: 'h' }),
        telemetry: false,
      });
    } finally {
      if (saved === undefined) delete process.env[TEST_ABORT_ENV];
      else process.env[TEST_ABORT_ENV] = saved;
    }
    const [doomed, isolated, local] = doc.benchmarks;
    assert.equal(doomed?.status, 'failed');
    assert.equal(doomed?.error?.kind, 'crash');
    assert.match(doomed?.error?.message ?? '', /killed by SIGABRT/);
    assert.ok(doomed?.error?.message.includes(MODEL), doomed?.error?.message);
    assert.equal(isolated?.status, 'ok');
    assert.equal(isolated?.engine_info.isolation, 'child process');
    assert.equal(typeof isolated?.engine_info.pid, 'number');
    assert.equal(local?.status, 'ok');
    assert.equal(local?.engine_info.pid, undefined);
    assert.equal(isolated?.tokens_digest, local?.tokens_digest);
  });
});
