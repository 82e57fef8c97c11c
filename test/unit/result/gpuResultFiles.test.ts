// The result files recorded on the GPU machine (fixtures/results/gpu/) stay readable by the current
// schema, and say what the docs quote from them (docs/seed-reproduction.md, docs/benchmarks.md).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readResult } from '../../../src/result/readResult.js';

const DIR = path.resolve('fixtures/results/gpu');

function medianTokS(iterations: readonly { batch_size: number; new_tokens: number; e2e_ms: number }[]): number {
  const v = iterations.map((s) => (s.batch_size * s.new_tokens) / (s.e2e_ms / 1000)).sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

void test('the seed table recorded on the H100 parses, with bitsandbytes rows failed as dependency-missing', async () => {
  const doc = await readResult(path.join(DIR, 'seed-h100.results.json'));
  assert.equal(doc.environment.fields.gpu_name, 'NVIDIA H100 80GB HBM3');
  const byName = new Map(doc.benchmarks.map((b) => [b.name, b]));
  for (const name of ['gpt2-int8', 'mistral-7b-nf4']) {
    const b = byName.get(name)!;
    assert.equal(b.status, 'failed');
    assert.equal(b.error?.kind, 'dependency-missing');
    assert.match(b.error?.message ?? '', /bitsandbytes is not installed/);
  }
  const fa2 = byName.get('mistral-7b-flash-attention-2')!;
  assert.match(String(fa2.engine_info?.attn_implementation), /^sdpa_flash \(PyTorch SDPA/);
  assert.equal(medianTokS(byName.get('gpt2-fp32')!.iterations).toFixed(1), '169.0');
  assert.equal(medianTokS(fa2.iterations).toFixed(1), '41.3');
  // The committed copy names the model folders relative to the repository (fixtures/results/gpu/README.md).
  const models = doc.benchmarks.flatMap((b) =>
    b.engine_info?.model !== undefined ? [String(b.engine_info.model)] : [],
  );
  assert.equal(models.length, 4, 'the four configs that loaded a model name it');
  for (const model of models) assert.ok(!path.isAbsolute(model), model);
});

void test('the six-row seed table recorded on the H200 parses, the quantized rows measured with their bitsandbytes settings', async () => {
  const doc = await readResult(path.join(DIR, 'seed-h200.results.json'));
  assert.equal(doc.environment.fields.gpu_name, 'NVIDIA H200');
  const byName = new Map(doc.benchmarks.map((b) => [b.name, b]));
  assert.equal(doc.benchmarks.length, 6);
  for (const b of doc.benchmarks) {
    assert.equal(b.status, 'ok', b.name);
    assert.equal(b.iterations.length, 8, b.name);
    assert.ok(!path.isAbsolute(String(b.engine_info?.model)), b.name);
  }
  const expected = {
    'gpt2-int8': { quantized_layers: 48, quantized_layer_type: 'Linear8bitLt', llm_int8_threshold: 6 },
    'mistral-7b-nf4': {
      quantized_layers: 224,
      quantized_layer_type: 'Linear4bit',
      quant_type: 'nf4',
      quant_blocksize: 64,
    },
  };
  for (const [name, fields] of Object.entries(expected)) {
    const info = byName.get(name)!.engine_info!;
    assert.equal(info['bitsandbytes'], '0.50.1', name);
    assert.equal(info['compute_dtype'], 'float16', name);
    for (const [key, value] of Object.entries(fields)) assert.equal(info[key], value, `${name} ${key}`);
  }
  // The medians docs/seed-reproduction.md quotes.
  const tok = (name: string) => medianTokS(byName.get(name)!.iterations).toFixed(1);
  assert.deepEqual(['gpt2-fp32', 'gpt2-int8', 'mistral-7b-fp16', 'mistral-7b-nf4'].map(tok), [
    '191.9',
    '67.0',
    '46.2',
    '34.8',
  ]);
});

void test('the ONNX run recorded on the H100 parses: webgpu rows provider-unavailable, cpu rows measured', async () => {
  const doc = await readResult(path.join(DIR, 'onnx-h100.results.json'));
  for (const b of doc.benchmarks) {
    if (b.name.includes('webgpu')) {
      assert.equal(b.status, 'failed', b.name);
      assert.equal(b.error?.kind, 'provider-unavailable', b.name);
      assert.match(b.error?.message ?? '', /for model \S+\.onnx: .*No supported adapters/);
    } else {
      assert.equal(b.status, 'ok', b.name);
      assert.equal(b.iterations.length, 8, b.name);
    }
  }
  const tok = (name: string) => medianTokS(doc.benchmarks.find((b) => b.name === name)!.iterations).toFixed(1);
  assert.equal(tok('gpt2-124m fp32 cpu'), '102.4');
  assert.equal(tok('gpt2-124m int4 cpu'), '200.1');
  for (const b of doc.benchmarks) {
    const file = /for model (\S+):/.exec(b.error?.message ?? '')?.[1];
    if (file) assert.ok(!path.isAbsolute(file), file);
  }
});
