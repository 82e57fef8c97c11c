import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, parseConfig } from '../../../src/config/loadConfig.ts';

function problems(text: string, file = 'perf-gate.yml'): string[] {
  try {
    parseConfig(text, file);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err.message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
  }
  assert.fail('expected the config to be rejected');
}

const minimal = `benchmarks:
  - name: a
    engine: onnxruntime
    options:
      model: m.onnx
`;

describe('perf-gate.yml', () => {
  it('applies the seed protocol as defaults', () => {
    const { config } = parseConfig(minimal, 'perf-gate.yml');
    assert.deepEqual(
      {
        warmup: config.protocol.warmup,
        iterations: config.protocol.iterations,
        max_new_tokens: config.protocol.max_new_tokens,
        prompt: config.protocol.prompt,
        batch_size: config.protocol.batch_size,
        decoding: config.protocol.decoding,
      },
      {
        warmup: 1,
        iterations: 8,
        max_new_tokens: 100,
        prompt: 'Explain quantum computing:',
        batch_size: 1,
        decoding: 'greedy',
      },
    );
    // Fail closed by default: a failed, missing or uncompared config fails the gate.
    assert.equal(config.gate.fail_on, 'regression-or-failed');
    assert.equal(config.gate.allow_new, false);
    assert.equal(config.gate.correction, 'holm');
    assert.equal(config.benchmarks[0]?.engine, 'onnxruntime');
  });

  it('hashes equal configs equally and different configs differently', () => {
    const a = parseConfig(minimal, 'x.yml').hash;
    const b = parseConfig(`# comment\n${minimal}`, 'y.yml').hash;
    const c = parseConfig(minimal.replace('m.onnx', 'n.onnx'), 'x.yml').hash;
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('names file:line:col, the path and a did-you-mean for unknown keys', () => {
    const text = `protocl:\n  warmup: 1\n${minimal}      provder: cpu\n`;
    assert.deepEqual(problems(text), [
      'perf-gate.yml:1:1: protocl: unknown key "protocl" (did you mean "protocol"?)',
      'perf-gate.yml:8:7: benchmarks[0].options.provder: unknown key "provder" (did you mean "provider"?)',
    ]);
  });

  it('says what was expected and what was found', () => {
    const text = `protocol:\n  iterations: eight\n${minimal}      provider: tpu\n`;
    assert.deepEqual(problems(text), [
      'perf-gate.yml:2:15: protocol.iterations: expected number, found "eight"',
      'perf-gate.yml:8:17: benchmarks[0].options.provider: expected one of "cpu", "webgpu", "cuda", found "tpu"',
    ]);
  });

  it('suggests the engine closest to a misspelt one', () => {
    assert.deepEqual(problems(`benchmarks:\n  - name: a\n    engine: onnxruntim\n    options: {}\n`), [
      'perf-gate.yml:3:13: benchmarks[0].engine: expected one of "onnxruntime", "transformers", "command", found "onnxruntim" (did you mean "onnxruntime"?)',
    ]);
  });

  it('reports a missing required option at its parent', () => {
    assert.deepEqual(problems(`benchmarks:\n  - name: a\n    engine: onnxruntime\n    options: {}\n`), [
      'perf-gate.yml:4:14: benchmarks[0].options.model: required: expected string',
    ]);
  });

  it('rejects two benchmarks with one name', () => {
    const text = `${minimal}  - name: a\n    engine: onnxruntime\n    options: {model: n.onnx}\n`;
    assert.deepEqual(problems(text), [
      'perf-gate.yml:6:11: benchmarks[1].name: duplicate benchmark name "a" (first used by benchmarks[0])',
    ]);
  });

  it('rejects unknown gate metrics with a suggestion', () => {
    assert.deepEqual(problems(`${minimal}gate:\n  metrics:\n    decode_toks: {margin: 0.1}\n`), [
      'perf-gate.yml:8:5: gate.metrics.decode_toks: unknown key "decode_toks" (did you mean "decode_tok_s"?)',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    assert.deepEqual(problems(`benchmarks:\n  - name: a\n   engine: x\n`), [
      'perf-gate.yml:3:1: (yaml): Sequence item without - indicator',
    ]);
  });

  it('rejects an empty file and an empty benchmark list', () => {
    assert.deepEqual(problems(''), ['perf-gate.yml:1:1: (top level): the file is empty']);
    assert.deepEqual(problems('benchmarks: []\n'), [
      'perf-gate.yml:1:13: benchmarks: expected at least one benchmark, found a list of 0',
    ]);
  });

  it('rejects a config file that does not exist', async () => {
    await assert.rejects(loadConfig('no/such/perf-gate.yml'), (err: Error) => {
      assert.equal(
        err.message,
        'no/such/perf-gate.yml: invalid config (1 problem):\n  no/such/perf-gate.yml: file not found',
      );
      return true;
    });
  });

  it('accepts the committed example configs', async () => {
    for (const f of ['fixtures/default.perf-gate.yml']) {
      const loaded = await loadConfig(f);
      assert.ok(loaded.config.benchmarks.length >= 2, f);
    }
  });
});
