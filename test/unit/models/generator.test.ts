import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { learnBpe, tokenizerJson, END_OF_TEXT } from '../../../src/models/bpeTrainer.js';
import { buildGpt2Onnx } from '../../../src/models/gpt2Graph.js';
import { PRESETS, validateShape } from '../../../src/models/gpt2Spec.js';
import { makeGpt2Weights } from '../../../src/models/gpt2Weights.js';
import { quantizeInt4Blockwise, quantizeInt8PerColumn, toFloat16Bits } from '../../../src/models/quantize.js';
import { TRAINING_TEXT } from '../../../src/models/trainingText.js';
import { writeGpt2Models } from '../../../src/models/writeGpt2Model.js';
import { loadTokenizer } from '../../../src/engines/onnxruntime/loadTokenizer.js';
import { MICRO_SHAPE, tempDir } from '../../support/onnxModelFiles.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

void test('same seed and shape give the same bytes; another seed gives other bytes', () => {
  for (const dtype of ['fp32', 'fp16', 'int8', 'int4'] as const) {
    const a = buildGpt2Onnx(MICRO_SHAPE, makeGpt2Weights(MICRO_SHAPE, 1), dtype);
    const b = buildGpt2Onnx(MICRO_SHAPE, makeGpt2Weights(MICRO_SHAPE, 1), dtype);
    const c = buildGpt2Onnx(MICRO_SHAPE, makeGpt2Weights(MICRO_SHAPE, 2), dtype);
    assert.equal(sha(a), sha(b), dtype);
    assert.notEqual(sha(a), sha(c), dtype);
  }
});

void test('the committed tiny fixtures are exactly what the generator writes (seed 1234)', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await writeGpt2Models({ shape: PRESETS.tiny, seed: 1234, dtypes: ['fp32', 'int4'], outDir: dir });
    for (const f of ['model_fp32.onnx', 'model_int4.onnx', 'config.json', 'tokenizer.json']) {
      const fresh = await readFile(path.join(dir, f));
      const committed = await readFile(path.join('fixtures/models/gpt2-tiny', f));
      assert.equal(sha(fresh), sha(committed), `${f} differs: run npx tsx bench/makeFixtures.ts`);
    }
  } finally {
    await cleanup();
  }
});

void test('fixture sizes stay commit-sized', async () => {
  let total = 0;
  for (const f of ['model_fp32.onnx', 'model_fp16.onnx', 'model_int8.onnx', 'model_int4.onnx']) {
    const size = (await readFile(path.join('fixtures/models/gpt2-tiny', f))).byteLength;
    assert.ok(size <= 4.2e6, `${f} is ${size} bytes`);
    total += size;
  }
  assert.ok(total < 12e6, `fixtures total ${total} bytes`);
});

void test('shape validation names the problem', () => {
  assert.deepEqual(validateShape(MICRO_SHAPE), []);
  assert.match(validateShape({ ...MICRO_SHAPE, nHead: 3 }).join(), /multiple of n_head/);
  assert.match(validateShape({ ...MICRO_SHAPE, vocabSize: 100 }).join(), /at least 257/);
  assert.match(validateShape({ ...MICRO_SHAPE, nLayer: 0 }).join(), /nLayer must be a positive integer/);
});

void test('fp16 conversion rounds to nearest even and saturates', () => {
  const bits = toFloat16Bits(
    Float32Array.of(0, 1, -2, 65504, 1e6, 5.960464477539063e-8, 1 + 2 ** -11, 1 + 3 * 2 ** -11),
  );
  assert.deepEqual([...bits], [0x0000, 0x3c00, 0xc000, 0x7bff, 0x7bff, 0x0001, 0x3c00, 0x3c02]);
});

void test('int8 and int4 quantization reconstruct the weights within half a step (one at an int4 clip)', () => {
  const K = 64;
  const N = 5;
  const w = Float32Array.from({ length: K * N }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 7)));
  const q8 = quantizeInt8PerColumn(w, K, N);
  const q4 = quantizeInt4Blockwise(w, K, N, 32);
  assert.equal(q4.blocks, 2);
  for (let k = 0; k < K; k++)
    for (let n = 0; n < N; n++) {
      const v = w[k * N + n]!;
      assert.ok(Math.abs(q8.q[k * N + n]! * q8.scale[n]! - v) <= q8.scale[n]! / 2 + 1e-6);
      const b = Math.floor(k / 32);
      const byte = q4.packed[(n * 2 + b) * 16 + ((k % 32) >> 1)]!;
      const nib = k % 2 === 0 ? byte & 15 : byte >> 4;
      const scale = q4.scales[n * 2 + b]!;
      // The block's extreme maps to -8 (as ORT's quantizer); the opposite extreme may clip at 7, one step off.
      const tolerance = nib === 15 ? Math.abs(scale) : Math.abs(scale) / 2;
      assert.ok(Math.abs((nib - 8) * scale - v) <= tolerance + 1e-6, `int4 [${k},${n}]`);
    }
});

void test('the learned tokenizer round-trips text and matches the model vocabulary', async () => {
  const bpe = learnBpe(TRAINING_TEXT, 512);
  assert.equal(bpe.vocab.size, 512);
  assert.equal(bpe.vocab.get(END_OF_TEXT), 511);
  assert.ok(bpe.merges.length > 100, `${bpe.merges.length} merges`);
  const { dir, cleanup } = await tempDir();
  try {
    const file = path.join(dir, 'tokenizer.json');
    await (await import('node:fs/promises')).writeFile(file, JSON.stringify(tokenizerJson(bpe)));
    const tok = await loadTokenizer(file);
    assert.equal(tok.vocabSize, 512);
    for (const text of ['Explain quantum computing:', 'héllo wörld 😀, 3.14!']) {
      const ids = tok.encode(text);
      assert.ok(ids.every((i) => i >= 0 && i < 512));
      assert.equal(tok.decode(ids), text);
    }
    // Merges make common text shorter than its bytes.
    assert.ok(tok.encode('Explain quantum computing:').length < 'Explain quantum computing:'.length / 2);
  } finally {
    await cleanup();
  }
});

void test('a vocabulary larger than the text can teach is filled up to the model size', () => {
  const bpe = learnBpe('ab ab ab', 300);
  assert.equal(bpe.vocab.size, 300);
  assert.equal(bpe.vocab.get(END_OF_TEXT), 299);
});
