// A sharded run end to end, as the example workflow does it: three runners each run one shard of
// fixtures/shards/perf-gate.yml (shard 2's job failed and left the placeholder a shell step
// writes), the report job merges the files, compares with the baseline and renders ONE comment.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliContext } from '../../src/cli/context.ts';
import { loadRunsMergingShards, mergeCommand } from '../../src/cli/mergeCommand.ts';
import { runCommand } from '../../src/cli/runCommand.ts';
import { loadConfig } from '../../src/config/loadConfig.ts';
import { evaluate } from '../../src/report/evaluate.ts';
import { readResult } from '../../src/result/readResult.ts';
import { gateSchema } from '../../src/config/schema.ts';

const CONFIG = 'fixtures/shards/perf-gate.yml';

function context(): CliContext & { err: () => string } {
  let err = '';
  return {
    stdout: { write: () => true },
    stderr: { write: (s: string) => (err += s) },
    cwd: process.cwd(),
    env: { ...process.env, GITHUB_SHA: '1111111111111111111111111111111111111111' },
    isTTY: false,
    err: () => err,
  };
}

let dir: string;
let artifacts: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lpg-shards-'));
  artifacts = path.join(dir, 'artifacts'); // what download-artifact with merge-multiple leaves
  const run = (args: string[]) => runCommand([...args, '--quiet', '--format', 'json'], context());
  assert.equal(await run(['--config', CONFIG, '--out', path.join(dir, 'baseline.json')]), 0);
  for (const i of [1, 3])
    assert.equal(
      await run(['--config', CONFIG, '--shard', `${i}/3`, '--out', path.join(artifacts, `shard-${i}.json`)]),
      0,
    );
  await copyFile('fixtures/shards/shard-2-failed.json', path.join(artifacts, 'shard-2.json'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sharded run → merge → one comment', () => {
  it('merges three shard files (one failed) and the comment reports the failed shard; the gate fails', async () => {
    const ctx = context();
    const merged = path.join(dir, 'merged.json');
    assert.equal(await mergeCommand(['--results', artifacts, '--out', merged, '--total-shards', '3'], ctx), 0);
    assert.match(ctx.err(), /shard 2\/3: failed/);
    assert.match(ctx.err(), /merged 2 of 3 shards/);

    const candidate = await readResult(merged);
    const baseline = await readResult(path.join(dir, 'baseline.json'));
    const { config } = await loadConfig(CONFIG);
    assert.equal(config.gate.fail_on, 'regression-or-failed');
    const evaluation = evaluate({
      baselines: [baseline],
      candidates: [candidate],
      gate: config.gate,
      marker: 'llm-perf-gate',
    });

    const verdicts = Object.fromEntries(evaluation.comparison.configs.map((c) => [c.name, c.verdict]));
    // Shard 2 of 3 held the 2nd and 5th config (`run --shard` deals configs round robin).
    assert.equal(verdicts['fake x2'], 'failed');
    assert.equal(verdicts['fake x5'], 'failed');
    // The configs of the shards that ran are compared as usual (one run a side: the prior noise
    // leaves them inconclusive or unchanged; the fake engine is deterministic, so never a regression).
    for (const ok of ['fake x1', 'fake x3', 'fake x4', 'fake x6'])
      assert.ok(['unchanged', 'inconclusive'].includes(verdicts[ok]!), `${ok}: ${verdicts[ok]}`);
    assert.equal(evaluation.decision.failed, true);
    assert.deepEqual(evaluation.decision.failing.map((f) => f.name).sort(), ['fake x2', 'fake x5']);

    const md = evaluation.markdown;
    assert.equal(md.split('<!-- llm-perf-gate -->').length, 2, 'one comment, one marker');
    assert.match(md, /shard 2\/3 failed: the benchmark step of job/);
    assert.doesNotMatch(md, /No regression/);

    // The same policy with fail_on: regression reports the failure but does not fail the gate.
    const lenient = evaluate({
      baselines: [baseline],
      candidates: [candidate],
      gate: gateSchema.parse({ ...config.gate, fail_on: 'regression' }),
    });
    assert.equal(lenient.decision.failed, false);
    assert.equal(lenient.comparison.counts.failed, 2);
  });

  it('reports a shard without any file as missing, by number', async () => {
    const files = [path.join(artifacts, 'shard-1.json'), path.join(artifacts, 'shard-3.json')];
    const log = {
      text: '',
      write(s: string) {
        this.text += s;
        return true;
      },
    };
    const combined = await loadRunsMergingShards(files, process.cwd(), log, 3);
    assert.equal(combined.runs.length, 1);
    assert.match(log.text, /shard 2\/3: missing/);
    const { config } = await loadConfig(CONFIG);
    const baseline = await readResult(path.join(dir, 'baseline.json'));
    const evaluation = evaluate({ baselines: [baseline], candidates: combined.runs, gate: config.gate });
    assert.equal(evaluation.decision.failed, true);
    assert.match(evaluation.markdown, /shard 2\/3 is missing/);
  });

  it('refuses shards of different runs (a different shard total) with a usage error', async () => {
    const other = path.join(dir, 'other-total.json');
    assert.equal(
      await runCommand(
        ['--config', CONFIG, '--shard', '1/2', '--out', other, '--quiet', '--format', 'json'],
        context(),
      ),
      0,
    );
    await assert.rejects(
      mergeCommand(
        ['--results', path.join(artifacts, 'shard-1.json'), other, '--out', path.join(dir, 'x.json')],
        context(),
      ),
      /disagree on the number of shards/,
    );
    assert.ok((await readFile(other, 'utf8')).includes('"total": 2'));
  });
});
