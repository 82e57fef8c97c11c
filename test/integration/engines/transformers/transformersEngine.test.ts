import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import path from 'node:path';
import { transformersOptionsSchema, type TransformersOptions } from '../../../../src/engines/transformers/options.js';
import { resolveModel, transformersEngine } from '../../../../src/engines/transformers/transformersEngine.js';
import { EngineError } from '../../../../src/engines/types.js';
import type { IterationSample } from '../../../../src/result/schema.js';
import { FAKE, ROOT, request } from '../command/fixtures.js';
import { rejectionOf } from '../../../support/rejection.js';

const HARNESS = path.join(ROOT, 'python/llm_perf_gate_harness.py');
const opts = (o: Partial<TransformersOptions> = {}): TransformersOptions =>
  transformersOptionsSchema.parse({
    model: 'hf-configs/gpt2',
    weights: 'random',
    dtype: 'fp16',
    python: process.execPath,
    ...o,
  });
/** The fake harness (a Node script) in place of the Python one, run by `node` as "python". */
const fake = (mode: string) => transformersEngine({ harnessPath: FAKE, env: { ...process.env, FAKE_MODE: mode } });

const failure = (run: Promise<unknown>) => rejectionOf(run, EngineError);

describe('transformers engine (fake harness)', () => {
  it('streams progress, hands the resolved options over, and validates the output', async () => {
    const events: string[] = [];
    const samples: IterationSample[] = [];
    let pid = 0;
    const out = await fake('good').run(request(opts(), { round: 1 }), {
      onWarmup: (i, n) => events.push(`warmup ${i}/${n}`),
      onIteration: (i, n, s) => {
        events.push(`iteration ${i}/${n}`);
        samples.push(s);
      },
      onProcess: (p) => (pid = p),
    });
    assert.deepEqual(events, ['warmup 0/1', 'iteration 0/3', 'iteration 1/3', 'iteration 2/3']);
    assert.deepEqual(
      samples.map((s) => [s.e2e_ms, s.round]),
      [
        [100, 1],
        [101, 1],
        [102, 1],
      ],
    );
    assert.ok(pid > 0);
    assert.equal(out.iterations.length, 3);
    assert.equal(out.iterations[0]?.round, 1);
    const handed = JSON.parse(String(out.engine_info.options)) as TransformersOptions;
    assert.equal(
      handed.model,
      path.join(ROOT, 'fixtures/hf-configs/gpt2'),
      'a local model folder resolves against the config',
    );
    assert.equal(handed.dtype, 'fp16');
    assert.equal(out.engine_info.cwd, path.join(ROOT, 'fixtures'));
  });

  it('passes a hub id through unchanged', () => {
    assert.equal(resolveModel('mistralai/Mistral-7B-v0.1', path.join(ROOT, 'fixtures')), 'mistralai/Mistral-7B-v0.1');
    assert.equal(
      resolveModel('hf-configs/mistral-7b', path.join(ROOT, 'fixtures')),
      path.join(ROOT, 'fixtures/hf-configs/mistral-7b'),
    );
  });

  it('reports invalid output at the field', async () => {
    const err = await failure(fake('invalid').run(request(opts()), {}));
    assert.equal(err.kind, 'invalid-output');
    assert.match(err.message, /iterations\[0\]\.ttft_ms: Invalid input: expected number, received string/);
  });

  it("passes on the harness's own diagnosis, naming the package and the config", async () => {
    const err = await failure(fake('error-event').run(request(opts({ quantization: 'nf4' })), {}));
    assert.equal(err.kind, 'dependency-missing');
    assert.match(err.message, /bitsandbytes is not installed; config "gpt2-fp16" needs it/);
    assert.match(String(err.stderrTail), /checking packages/);
  });

  it('turns a crash into a failure with the stderr tail, and an OOM into out-of-memory', async () => {
    const crash = await failure(fake('crash').run(request(opts()), {}));
    assert.equal(crash.kind, 'crash');
    assert.match(crash.message, /exited with code 3 for config "gpt2-fp16"/);
    assert.match(String(crash.stderrTail), /stderr line 60$/);
    const oom = await failure(fake('oom').run(request(opts()), {}));
    assert.equal(oom.kind, 'out-of-memory');
  });

  it('times out and says so', async () => {
    const err = await failure(
      transformersEngine({
        harnessPath: FAKE,
        env: { ...process.env, FAKE_MODE: 'hang', FAKE_PID_FILE: '/dev/null' },
      }).run(request(opts({ timeout_s: 0.5 })), {}),
    );
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /did not finish within 0.5 s \(timeout_s\) for config "gpt2-fp16"/);
  });

  it('reports a Python that is not there', async () => {
    const err = await failure(transformersEngine().run(request(opts({ python: 'no-such-python3' })), {}));
    assert.equal(err.kind, 'dependency-missing');
    assert.match(err.message, /no-such-python3 .* could not be started for config "gpt2-fp16": not found/);
  });
});

const python = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' });
const noPython = python.error !== undefined;
const hasTorch = !noPython && python.status === 0;

describe('transformers engine (the real harness, without PyTorch)', () => {
  it(
    'names the missing package and the config',
    { skip: noPython ? 'python3 is not installed' : hasTorch ? 'torch is installed here' : false },
    async () => {
      const err = await failure(transformersEngine().run(request(opts({ python: 'python3' })), {}));
      assert.equal(err.kind, 'dependency-missing');
      assert.match(err.message, /PyTorch \(torch\) is not installed for .*; config "gpt2-fp16" needs it/);
      assert.ok(HARNESS.endsWith('llm_perf_gate_harness.py'));
    },
  );
});
