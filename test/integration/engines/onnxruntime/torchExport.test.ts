// The engine on a GPT-2 exported by PyTorch (scripts/gpu/export_tiny_gpt2.py, TorchScript exporter,
// run on the H100 machine), not by our own generator: its greedy tokens must equal PyTorch's own
// (full recompute) for the same prompt.
//
// Honest caveat: the model has random weights, and for the recorded prompt PyTorch's greedy output
// is degenerate (token 324, 24 times), so matching it alone proves little about the KV cache. The
// second test therefore picks a prompt whose greedy output changes token (146, 421, 479, 321 on this
// model) and checks the engine's cached decoding against a full recompute of the same ONNX file.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { onnxruntimeEngine, tokensDigest } from '../../../../src/engines/onnxruntime/onnxDecoder.js';
import { onnxOptionsSchema } from '../../../../src/engines/onnxruntime/options.js';
import type { EngineRequest } from '../../../../src/engines/types.js';
import type { OnnxOptions } from '../../../../src/engines/onnxruntime/options.js';
import { loadTokenizer } from '../../../../src/engines/onnxruntime/loadTokenizer.js';

const DIR = path.resolve('fixtures/models/torch-gpt2-tiny');
const MODEL = path.join(DIR, 'model.onnx');
const present = existsSync(MODEL);
const skip = present ? false : `${DIR} not committed yet`;

function request(prompt: string, maxNewTokens: number, batchSize = 1): EngineRequest<OnnxOptions> {
  return {
    name: 'torch',
    options: onnxOptionsSchema.parse({ model: 'model.onnx', intra_op_threads: 1 }),
    warmup: 0,
    iterations: 2,
    maxNewTokens,
    batchSize,
    prompt,
    seed: 0,
    configDir: DIR,
    round: 0,
  };
}

/** Greedy decoding without a cache: each token feeds the whole sequence with an empty past. */
async function greedyRecompute(prompt: readonly number[], newTokens: number): Promise<number[]> {
  const s = await ort.InferenceSession.create(MODEL, { intraOpNumThreads: 1 });
  try {
    const pasts = s.inputNames.filter((n) => n.startsWith('past_key_values.'));
    const meta = s.inputMetadata.find((m) => m.name === 'past_key_values.0.key') as unknown as { shape: number[] };
    const [, heads, , headDim] = meta.shape;
    const ids = [...prompt];
    const out: number[] = [];
    for (let i = 0; i < newTokens; i++) {
      const T = ids.length;
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, T]),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]),
        position_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map((_, j) => BigInt(j))), [1, T]),
      };
      for (const name of pasts) feeds[name] = new ort.Tensor('float32', new Float32Array(0), [1, heads!, 0, headDim!]);
      const logits = (await s.run(feeds)).logits!;
      const V = logits.dims[2]!;
      const row = (logits.data as Float32Array).subarray((T - 1) * V, T * V);
      const id = row.indexOf(Math.max(...row));
      ids.push(id);
      out.push(id);
    }
    return out;
  } finally {
    await s.release();
  }
}

void test('a PyTorch-exported GPT-2 decodes to PyTorch greedy tokens', { skip }, async () => {
  const expected = JSON.parse(await readFile(path.join(DIR, 'expected_tokens.json'), 'utf8')) as {
    prompt: string;
    prompt_ids: number[];
    new_tokens: number;
    greedy_tokens: number[];
  };
  // Our tokenizer (tokenizer.json read in TypeScript) must give the ids the Rust tokenizers gave.
  const tok = await loadTokenizer(path.join(DIR, 'tokenizer.json'));
  assert.deepEqual([...tok.encode(expected.prompt)], expected.prompt_ids);
  const out = await onnxruntimeEngine().run(request(expected.prompt, expected.new_tokens), {});
  assert.equal(out.iterations[0]!.prompt_tokens, expected.prompt_ids.length);
  assert.equal(out.tokens_digest, tokensDigest(Int32Array.from(expected.greedy_tokens)));
  // Same answer from a full recompute of the exported graph in onnxruntime.
  assert.deepEqual(await greedyRecompute(expected.prompt_ids, expected.new_tokens), expected.greedy_tokens);
});

void test('on the PyTorch export, cached decoding equals a full recompute where tokens vary', { skip }, async () => {
  const prompt = 'The quick brown fox jumps over the lazy dog';
  const ids = [...(await loadTokenizer(path.join(DIR, 'tokenizer.json'))).encode(prompt)];
  const reference = await greedyRecompute(ids, 24);
  assert.ok(new Set(reference).size >= 3, `greedy output should vary, got ${reference.join(' ')}`);
  // Batch 2: both rows decode the same prompt, so the digest covers the reference twice.
  const out = await onnxruntimeEngine().run(request(prompt, 24, 2), {});
  assert.equal(out.tokens_digest, tokensDigest(Int32Array.from([...reference, ...reference])));
});
