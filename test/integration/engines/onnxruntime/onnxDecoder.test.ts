import assert from 'node:assert/strict';
import { copyFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import {
  onnxruntimeEngine,
  tokensDigest,
  type OnnxEngineDeps,
} from '../../../../src/engines/onnxruntime/onnxDecoder.js';
import { onnxOptionsSchema, type OnnxOptions } from '../../../../src/engines/onnxruntime/options.js';
import { loadOrtRuntime } from '../../../../src/engines/onnxruntime/ortRuntime.js';
import { EngineError, type EngineRequest } from '../../../../src/engines/types.js';
import { engineOutputSchema } from '../../../../src/result/schema.js';
import { loadTokenizer } from '../../../../src/engines/onnxruntime/loadTokenizer.js';
import { failingRuntime } from '../../../support/failingOrtRuntime.js';
import { tempDir, writeMicroModel } from '../../../support/onnxModelFiles.js';

const FIXTURES = path.resolve('fixtures/models/gpt2-tiny');
const PROMPT = 'Explain quantum computing:';

function request(options: Partial<OnnxOptions> & { model: string }, over: Partial<EngineRequest<OnnxOptions>> = {}) {
  return {
    name: 'test',
    options: onnxOptionsSchema.parse({ intra_op_threads: 1, ...options }),
    warmup: 1,
    iterations: 2,
    maxNewTokens: 12,
    batchSize: 1,
    prompt: PROMPT,
    seed: 1,
    configDir: FIXTURES,
    round: 0,
    ...over,
  } satisfies EngineRequest<OnnxOptions>;
}

async function runExpectingError(req: EngineRequest<OnnxOptions>, deps: OnnxEngineDeps = {}): Promise<EngineError> {
  try {
    await onnxruntimeEngine(deps).run(req, {});
  } catch (err) {
    assert.ok(err instanceof EngineError, `expected an EngineError, got ${String(err)}`);
    return err;
  }
  assert.fail('the engine run should have failed');
}

/** Greedy decoding without a cache: every token recomputes the whole sequence. */
async function greedyWithoutCache(
  modelFile: string,
  prompt: number[],
  newTokens: number,
  batch: number,
): Promise<Int32Array> {
  // The engine's loader fixes how float16 tensors are stored (Node 24); it must run before the
  // first tensor of this process is made, as it does in the CLI and the action.
  await loadOrtRuntime();
  const s = await ort.InferenceSession.create(modelFile, { intraOpNumThreads: 1 });
  const layers = s.inputNames.filter((n) => n.startsWith('past_key_values.')).length / 2;
  const meta = s.inputMetadata.find((m) => m.name === 'past_key_values.0.key')!;
  const [, heads, , headDim] = (meta as unknown as { shape: number[] }).shape;
  const rows: number[][] = Array.from({ length: batch }, () => [...prompt]);
  const out = new Int32Array(batch * newTokens);
  for (let i = 0; i < newTokens; i++) {
    const T = rows[0]!.length;
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(rows.flat(), BigInt), [batch, T]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(batch * T).fill(1n), [batch, T]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from(rows.flat().map((_, j) => BigInt(j % T))), [batch, T]),
    };
    for (let l = 0; l < layers; l++)
      for (const kv of ['key', 'value'])
        feeds[`past_key_values.${l}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [
          batch,
          heads!,
          0,
          headDim!,
        ]);
    const logits = (await s.run(feeds)).logits!;
    const V = logits.dims[2]!;
    const data = logits.data as Float32Array;
    for (let b = 0; b < batch; b++) {
      const row = data.subarray((b * T + T - 1) * V, (b * T + T) * V);
      const id = row.indexOf(Math.max(...row));
      rows[b]!.push(id);
      out[b * newTokens + i] = id;
    }
  }
  await s.release();
  return out;
}

void test('greedy tokens with the KV cache equal a full recompute without it (tiny fp32, batch 2)', async () => {
  const prompt = (await loadTokenizer(path.join(FIXTURES, 'tokenizer.json'))).encode(PROMPT);
  const expected = await greedyWithoutCache(path.join(FIXTURES, 'model_fp32.onnx'), prompt, 24, 2);
  assert.ok(new Set(expected).size > 8, `greedy output should vary, got ${[...expected].join(' ')}`);
  const out = await onnxruntimeEngine().run(
    request({ model: 'model_fp32.onnx' }, { maxNewTokens: 24, batchSize: 2 }),
    {},
  );
  assert.equal(out.tokens_digest, tokensDigest(expected));
});

void test('a run returns every sample, identical tokens across iterations, a digest and engine facts', async () => {
  const warm: number[] = [];
  const seen: number[] = [];
  const out = await onnxruntimeEngine().run(request({ model: 'model_fp32.onnx' }, { iterations: 3, round: 2 }), {
    onWarmup: (i) => warm.push(i),
    onIteration: (i) => seen.push(i),
  });
  engineOutputSchema.parse(out);
  assert.deepEqual(warm, [0]);
  assert.deepEqual(seen, [0, 1, 2]);
  assert.equal(out.iterations.length, 3);
  for (const s of out.iterations) {
    assert.equal(s.new_tokens, 12);
    assert.equal(s.batch_size, 1);
    assert.equal(s.prompt_tokens, 9);
    assert.equal(s.round, 2);
    assert.equal(s.step_ms!.length, 11);
    assert.ok(s.ttft_ms > 0 && s.ttft_ms <= s.e2e_ms);
    // Steps are contiguous: prefill + steps make the whole generation.
    const sum = s.ttft_ms + s.step_ms!.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - s.e2e_ms) < 1e-6 * s.e2e_ms + 1e-9);
  }
  assert.match(out.tokens_digest!, /^[0-9a-f]{64}$/);
  const info = out.engine_info;
  assert.equal(info.provider, 'cpu');
  assert.equal(info.intra_op_threads, 1);
  assert.equal(info.onnxruntime_version, '1.30.0');
  assert.match(String(info.model_sha256), /^[0-9a-f]{64}$/);
  assert.equal(info.precision, 'fp32');
  assert.match(String(info.graph_inputs), /input_ids, attention_mask, position_ids, past_key_values\.\{0\.\.3\}/);
  assert.equal(typeof info.harness_overhead_pct, 'number');
  assert.equal(out.memory[0]!.metric, 'host_rss_peak_mib');
  assert.ok(out.memory[0]!.value_mib > 10);
});

void test('fp16, int8 and int4 models load and run; fp16 keeps the fp32 tokens', async () => {
  const digests: Record<string, string> = {};
  for (const dtype of ['fp32', 'fp16', 'int8', 'int4']) {
    const out = await onnxruntimeEngine().run(
      request({ model: `model_${dtype}.onnx` }, { warmup: 0, iterations: 1 }),
      {},
    );
    assert.equal(out.engine_info.precision, dtype);
    digests[dtype] = out.tokens_digest!;
  }
  assert.equal(digests.fp16, digests.fp32);
  assert.equal(new Set(Object.values(digests)).size >= 2, true);
});

void test('a synthetic prompt of prompt_tokens ids depends on the seed only', async () => {
  const run = (seed: number) =>
    onnxruntimeEngine().run(
      request({ model: 'model_int4.onnx' }, { warmup: 0, iterations: 1, promptTokens: 20, seed }),
      {},
    );
  const [a, b, c] = [await run(5), await run(5), await run(6)];
  assert.equal(a.iterations[0]!.prompt_tokens, 20);
  assert.equal(a.tokens_digest, b.tokens_digest);
  assert.notEqual(a.tokens_digest, c.tokens_digest);
  assert.match(String(a.engine_info.prompt_source), /synthetic/);
});

void test('a merged decoder (use_cache_branch) gives the same tokens as the plain one', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const plain = await writeMicroModel(path.join(dir, 'plain'));
    const merged = await writeMicroModel(path.join(dir, 'merged'), { merged: true });
    const run = (model: string) =>
      onnxruntimeEngine().run(request({ model }, { configDir: dir, warmup: 0, iterations: 1, maxNewTokens: 16 }), {});
    const [a, b] = [await run(plain), await run(merged)];
    assert.equal(b.engine_info.merged_decoder, true);
    assert.equal(a.tokens_digest, b.tokens_digest);
  } finally {
    await cleanup();
  }
});

void test('bad input: a missing model file', async () => {
  const err = await runExpectingError(request({ model: 'nope/model.onnx' }));
  assert.equal(err.kind, 'model');
  assert.match(err.message, /nope\/model\.onnx: file not found/);
});

void test('bad input: an ONNX file that is not a decoder with a KV cache', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const { OnnxGraphBuilder, DT } = await import('../../../../src/models/onnxBuilder.js');
    const g = new OnnxGraphBuilder();
    g.input('input_ids', DT.INT64, ['b', 's']);
    g.node('Identity', ['input_ids'], ['logits']);
    g.output('logits', DT.INT64, ['b', 's']);
    const file = path.join(dir, 'not-a-decoder.onnx');
    await (await import('node:fs/promises')).writeFile(file, g.encode('x', { '': 17 }, 'test'));
    const err = await runExpectingError(request({ model: file }));
    assert.equal(err.kind, 'model');
    assert.match(err.message, /not-a-decoder\.onnx: not a decoder/);
    assert.match(err.message, /no input "attention_mask"/);
    assert.match(err.message, /no "past_key_values/);
    assert.match(err.message, /logits type int64/);
  } finally {
    await cleanup();
  }
});

void test('bad input: a file that is not ONNX at all', async () => {
  const err = await runExpectingError(request({ model: 'config.json' }));
  assert.equal(err.kind, 'model');
  assert.match(err.message, /config\.json: cannot create an inference session/);
});

void test('bad input: shape mismatches (config.json vs the graph, prompt longer than the positions)', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const model = await writeMicroModel(dir);
    const cfgPath = path.join(dir, 'config.json');
    const fs = await import('node:fs/promises');
    const cfg = JSON.parse(await fs.readFile(cfgPath, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(cfgPath, JSON.stringify({ ...cfg, vocab_size: 999 }));
    let err = await runExpectingError(request({ model }, { configDir: dir }));
    assert.equal(err.kind, 'model');
    assert.match(err.message, /shape mismatch: logits have 300 entries but config.json says vocab_size 999/);
    await fs.writeFile(cfgPath, JSON.stringify(cfg));
    err = await runExpectingError(request({ model }, { configDir: dir, maxNewTokens: 60 }));
    assert.equal(err.kind, 'config');
    assert.match(err.message, /shape mismatch: \d+ prompt \+ 60 new tokens exceed the model's 64 positions/);
  } finally {
    await cleanup();
  }
});

void test('bad input: a text prompt without a tokenizer', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const model = path.join(dir, 'model_int4.onnx');
    await copyFile(path.join(FIXTURES, 'model_int4.onnx'), model);
    const err = await runExpectingError(request({ model }));
    assert.equal(err.kind, 'config');
    assert.match(
      err.message,
      /model_int4\.onnx: a text prompt needs a tokenizer: tokenizer not found: .*tokenizer\.json/,
    );
    // A synthetic prompt needs none.
    const ok = await onnxruntimeEngine().run(request({ model }, { promptTokens: 8, warmup: 0, iterations: 1 }), {});
    assert.equal(ok.iterations.length, 1);
  } finally {
    await cleanup();
  }
});

void test('unavailable providers fail clearly, never fall back to CPU (no GPU or CUDA binaries here)', async () => {
  // No Vulkan driver for this process, so no WebGPU adapter even where one exists (a GPU, or
  // Mesa's lavapipe): the loader reads this variable when the first webgpu session is created.
  // The webgpu path itself is tested where an adapter exists, in webgpu.test.ts.
  const before = process.env.VK_DRIVER_FILES;
  process.env.VK_DRIVER_FILES = path.join(os.tmpdir(), 'no-such-vulkan-icd.json');
  try {
    for (const provider of ['webgpu', 'cuda'] as const) {
      const err = await runExpectingError(request({ model: 'model_int4.onnx', provider }));
      assert.equal(err.kind, 'provider-unavailable', err.message);
      assert.match(
        err.message,
        new RegExp(`execution provider "${provider}" is not available for model .*model_int4\\.onnx`),
      );
    }
  } finally {
    if (before === undefined) delete process.env.VK_DRIVER_FILES;
    else process.env.VK_DRIVER_FILES = before;
  }
});

void test('session.run throwing mid-run names the model, the token and the cause', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    // No config.json, so nothing warns in advance that position 16 is past the table: ORT throws.
    const model = await writeMicroModel(dir, { shape: { nPositions: 16 } });
    await rm(path.join(dir, 'config.json'));
    const err = await runExpectingError(request({ model }, { configDir: dir, promptTokens: 4, maxNewTokens: 20 }));
    assert.equal(err.kind, 'crash');
    assert.match(
      err.message,
      /model_fp32\.onnx: shape mismatch or index out of range at token 14 of 20 \(warm-up 1; session\.run threw\)/,
    );
  } finally {
    await cleanup();
  }
});

void test('out of memory during a step is reported as out-of-memory', async () => {
  const loadRuntime = () =>
    failingRuntime({ atCall: 5, throwMessage: 'Failed to allocate memory for requested buffer of size 1048576' });
  const err = await runExpectingError(request({ model: 'model_int4.onnx' }), { loadRuntime });
  assert.equal(err.kind, 'out-of-memory');
  assert.match(err.message, /model_int4\.onnx: out of memory at token 6 of 12 \(warm-up 1; session\.run threw\)/);
});

void test('tokens that change between iterations are an error, not a result', async () => {
  // Call 12 is the prefill of the second generation (12 new tokens = 1 prefill + 11 steps each).
  const loadRuntime = () => failingRuntime({ atCall: 12, boostFirstLogit: 1e6 });
  const err = await runExpectingError(request({ model: 'model_fp32.onnx' }), { loadRuntime });
  assert.equal(err.kind, 'invalid-output');
  assert.match(err.message, /model_fp32\.onnx: greedy tokens differ between iterations \(iteration 1 vs the first\)/);
});
