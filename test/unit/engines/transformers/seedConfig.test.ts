import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { configSchema } from '../../../../src/config/schema.js';
import { resolveModel } from '../../../../src/engines/transformers/transformersEngine.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures');
const config = configSchema.parse(parse(readFileSync(path.join(FIXTURES, 'seed.perf-gate.yml'), 'utf8')));
const transformers = config.benchmarks.flatMap((b) => (b.engine === 'transformers' ? [b] : []));

describe('the seed reproduction config', () => {
  it("declares the seed's protocol", () => {
    const p = config.protocol;
    assert.deepEqual(
      [p.warmup, p.iterations, p.max_new_tokens, p.batch_size, p.decoding, p.budget.max_iterations],
      [1, 8, 100, 1, 'greedy', 8],
    );
  });

  it("declares the seed's matrix with random weights, each row pointing at its reference", () => {
    const rows = transformers.map((b) => [
      b.name,
      b.options.dtype,
      b.options.quantization,
      b.options.attn_implementation,
    ]);
    assert.deepEqual(rows, [
      ['gpt2-fp32', 'fp32', 'none', 'eager'],
      ['gpt2-fp16', 'fp16', 'none', 'eager'],
      ['gpt2-int8', 'fp16', 'int8', 'eager'],
      ['mistral-7b-fp16', 'fp16', 'none', 'eager'],
      ['mistral-7b-flash-attention-2', 'fp16', 'none', 'sdpa_flash'],
      ['mistral-7b-nf4', 'fp16', 'nf4', 'eager'],
    ]);
    const names = new Set(transformers.map((b) => b.name));
    for (const b of transformers) {
      assert.equal(b.options.weights, 'random');
      assert.ok(names.has(String(b.labels?.reference)), `${b.name}: reference ${b.labels?.reference}`);
      assert.ok(b.labels?.model && b.labels.technique);
    }
  });

  it('ships the model configs as local folders with the seed models shapes', () => {
    const shapes = new Map<string, Record<string, unknown>>();
    for (const b of transformers) {
      const dir = resolveModel(b.options.model, FIXTURES);
      assert.ok(path.isAbsolute(dir), `${b.options.model} resolves to a local folder`);
      shapes.set(
        b.labels?.model ?? '',
        JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>,
      );
    }
    const gpt2 = shapes.get('GPT-2');
    assert.deepEqual([gpt2?.n_embd, gpt2?.n_layer, gpt2?.n_head, gpt2?.vocab_size], [768, 12, 12, 50257]);
    const mistral = shapes.get('Mistral-7B');
    assert.deepEqual(
      [
        mistral?.hidden_size,
        mistral?.intermediate_size,
        mistral?.num_hidden_layers,
        mistral?.num_attention_heads,
        mistral?.num_key_value_heads,
        mistral?.vocab_size,
      ],
      [4096, 14336, 32, 32, 8, 32000],
    );
  });
});
