import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { evalCommand } from '../../src/cli/evalCommand.js';
import { UsageError } from '../../src/cli/context.js';

function ctx() {
  let out = '';
  return {
    ctx: {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      cwd: process.cwd(),
      env: {},
      isTTY: false,
    },
    out: () => out,
  };
}

void test('eval prints rates per model size for our rule and the common rules', async () => {
  const c = ctx();
  const code = await evalCommand(['--samples', 'fixtures/samples', '--trials', '20'], c.ctx);
  assert.equal(code, 0);
  const text = c.out();
  for (const s of [
    '### Model size tiny',
    '### Model size 124M',
    '### Model size 7B',
    'ratio-105',
    'ratio-200',
    'history-t',
    'welch',
    'A/A',
    'slow 10%',
  ])
    assert.ok(text.includes(s), s);
});

void test('eval rejects a folder without sample sets and bad options', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eval-'));
  writeFileSync(path.join(dir, 'other.json'), '{"format":"something-else"}');
  await assert.rejects(evalCommand(['--samples', dir], ctx().ctx), UsageError);
  await assert.rejects(evalCommand(['--samples', 'fixtures/samples', '--trials', '0'], ctx().ctx), UsageError);
  await assert.rejects(evalCommand([], ctx().ctx), UsageError);
});
