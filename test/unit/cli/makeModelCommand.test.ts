import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { UsageError, type CliContext } from '../../../src/cli/context.js';
import { makeModelCommand } from '../../../src/cli/makeModelCommand.js';
import { tempDir } from '../../support/onnxModelFiles.js';

function ctx(cwd: string): CliContext & { out: string[] } {
  const out: string[] = [];
  return {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: () => true },
    cwd,
    env: {},
    isTTY: false,
    out,
  };
}

void test('make-model writes the requested precisions, config.json and tokenizer.json', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const c = ctx(dir);
    const code = await makeModelCommand(
      [
        '--out',
        'm',
        '--dtype',
        'fp32,int4',
        '--layers',
        '1',
        '--heads',
        '2',
        '--embd',
        '32',
        '--vocab',
        '300',
        '--seed',
        '3',
      ],
      c,
    );
    assert.equal(code, 0);
    for (const f of ['model_fp32.onnx', 'model_int4.onnx', 'tokenizer.json'])
      assert.ok((await stat(path.join(dir, 'm', f))).size > 0);
    const config = JSON.parse(await readFile(path.join(dir, 'm', 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(config.model_type, 'gpt2');
    assert.equal(config.n_layer, 1);
    assert.equal(config.vocab_size, 300);
    assert.match(c.out.join(''), /model_int4\.onnx/);
  } finally {
    await cleanup();
  }
});

void test('make-model rejects bad options as usage errors', async () => {
  const c = ctx(process.cwd());
  await assert.rejects(
    makeModelCommand(['--out', 'x', '--dtype', 'int3'], c),
    (e) => e instanceof UsageError && /int3/.test(e.message),
  );
  await assert.rejects(
    makeModelCommand(['--dtype', 'fp32'], c),
    (e) => e instanceof UsageError && /--out is required/.test(e.message),
  );
  await assert.rejects(
    makeModelCommand(['--out', 'x', '--preset', 'huge'], c),
    (e) => e instanceof UsageError && /preset/.test(e.message),
  );
  await assert.rejects(
    makeModelCommand(['--out', 'x', '--heads', '3', '--embd', '32'], c),
    (e) => e instanceof UsageError && /multiple of n_head/.test(e.message),
  );
});
