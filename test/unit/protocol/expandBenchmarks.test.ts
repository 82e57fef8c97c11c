import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src/config/loadConfig.ts';
import { expandBenchmarks, selectShard } from '../../../src/protocol/expandBenchmarks.ts';

const text = `protocol:
  iterations: 8
benchmarks:
  - name: fp32
    engine: onnxruntime
    options: { model: a.onnx }
  - name: int4
    engine: onnxruntime
    protocol: { iterations: 4, max_new_tokens: 20 }
    options: { model: b.onnx }
  - name: flash
    engine: transformers
    sweep: { batch_size: [1, 4], prompt_tokens: [128, 512] }
    options: { model: gpt2, attn_implementation: sdpa }
`;

describe('expandBenchmarks', () => {
  const planned = expandBenchmarks(parseConfig(text, 'p.yml').config);

  it('applies per-benchmark protocol overrides over the global protocol', () => {
    assert.equal(planned[0]?.protocol.iterations, 8);
    assert.equal(planned[1]?.protocol.iterations, 4);
    assert.equal(planned[1]?.protocol.max_new_tokens, 20);
    assert.equal(planned[1]?.protocol.warmup, 1);
  });

  it('expands a sweep into one config per combination, named by its values', () => {
    assert.deepEqual(
      planned.slice(2).map((p) => [p.name, p.protocol.batch_size, p.protocol.prompt_tokens, p.sweep?.group]),
      [
        ['flash [bs=1, prompt=128]', 1, 128, 'flash'],
        ['flash [bs=1, prompt=512]', 1, 512, 'flash'],
        ['flash [bs=4, prompt=128]', 4, 128, 'flash'],
        ['flash [bs=4, prompt=512]', 4, 512, 'flash'],
      ],
    );
  });

  it('gives each config a hash that changes with what is measured, not with how long', () => {
    const hashes = new Set(planned.map((p) => p.configHash));
    assert.equal(hashes.size, planned.length);
    const longer = expandBenchmarks(parseConfig(text.replace('iterations: 8', 'iterations: 20'), 'p.yml').config);
    assert.equal(longer[0]?.configHash, planned[0]?.configHash);
  });

  it('splits configs into disjoint shards that cover them all', () => {
    const shards = [1, 2, 3].map((index) => selectShard(planned, { index, total: 3 }).map((p) => p.name));
    assert.deepEqual(shards.flat().sort(), planned.map((p) => p.name).sort());
    assert.equal(new Set(shards.flat()).size, planned.length);
  });
});

describe('the committed baseline of the embedded default', () => {
  it('was measured with the same settings as fixtures/default.perf-gate.yml (config hashes match)', async () => {
    const { loadConfig } = await import('../../../src/config/loadConfig.ts');
    const { readdirSync, readFileSync } = await import('node:fs');
    const planned = expandBenchmarks((await loadConfig('fixtures/default.perf-gate.yml')).config);
    const files = readdirSync('fixtures/baseline').filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 2, 'several baseline runs');
    for (const f of files) {
      const doc = JSON.parse(readFileSync(`fixtures/baseline/${f}`, 'utf8')) as {
        benchmarks: { name: string; config_hash: string }[];
      };
      assert.deepEqual(
        doc.benchmarks.map((b) => [b.name, b.config_hash]),
        planned.map((p) => [p.name, p.configHash]),
        `${f}: re-record the baseline (see fixtures/baseline/README.md) after changing what a config measures`,
      );
    }
  });
});
