import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { evalCommand } from '../../../src/cli/evalCommand.js';
import { UsageError } from '../../../src/cli/context.js';
import type { TrialSet } from '../../../src/trials/trialSet.js';
import { simulatedTrialSet } from '../../support/simulatedTrialSet.js';

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

/** A temp folder with one simulated trials.json (changed by `edit`), named `file`. */
function trialsDir(file: string, edit: (set: TrialSet) => unknown, workersPerSide: number, trials: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eval-trials-'));
  const set = simulatedTrialSet({
    workersPerSide,
    trials,
    restartEvery: 0,
    iterationCv: 0.05,
    processSd: 0.02,
    seed: 1,
  });
  writeFileSync(path.join(dir, file), JSON.stringify(edit(set)));
  return dir;
}

void test('eval replays a trials.json beside the process-level rule and says how many splits it has', async () => {
  const dir = trialsDir('trials.json', (set) => set, 3, 8);
  const c = ctx();
  assert.equal(await evalCommand(['--samples', dir, '--metric', 'e2e_ms'], c.ctx), 0);
  const text = c.out();
  for (const s of [
    'Trial-level replays on e2e_ms',
    '20 splits of all workers per epoch',
    'process-level A/B',
    'slow 20%',
  ])
    assert.ok(text.includes(s), s);
  const json = ctx();
  await evalCommand(['--samples', dir, '--format', 'json', '--window', '4'], json.ctx);
  const parsed = JSON.parse(json.out()) as { trialConfigs: { windows: number }[] };
  assert.equal(parsed.trialConfigs[0]?.windows, 2);
});

void test('eval names the file and the place of an invalid trials.json', async () => {
  const dir = trialsDir('bad.json', (set) => ({ ...set, configs: [{ ...set.configs[0], workers: [] }] }), 2, 2);
  await assert.rejects(evalCommand(['--samples', dir], ctx().ctx), /bad\.json: configs\[0\]\.workers: /);
  await assert.rejects(
    evalCommand(['--samples', 'fixtures/samples', '--metric', 'tok'], ctx().ctx),
    /--metric must be one of/,
  );
  await assert.rejects(
    evalCommand(['--samples', 'fixtures/samples', '--stopping', 'peek'], ctx().ctx),
    /--stopping must be spending or confidence-sequence, got "peek"/,
  );
  await assert.rejects(
    evalCommand(['--samples', 'fixtures/samples', '--alpha', '2'], ctx().ctx),
    /eval: alpha: Too big: expected number to be <0\.5/,
  );
});

void test('eval --same-code replays an A/B recording of a comment-only head as A/A over both sides', async () => {
  const dir = trialsDir('comment.trials.json', (set) => ({ ...set, arrangement: 'ab' }), 3, 8);
  const recorded = ctx();
  assert.equal(await evalCommand(['--samples', dir], recorded.ctx), 0);
  assert.ok(recorded.out().includes('recorded head vs base'), recorded.out());
  const pooled = ctx();
  assert.equal(await evalCommand(['--samples', dir, '--same-code'], pooled.ctx), 0);
  for (const s of ['SAME-CODE', '20 splits of all workers per epoch', 'slow 5%'])
    assert.ok(pooled.out().includes(s), s);
  assert.ok(!pooled.out().includes('recorded head vs base'));
});
