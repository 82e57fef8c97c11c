// A/B mode end to end on a real git repository in a temp folder: two commits, the head's engine
// script 25% slower than the base's. Every worker is a real process of that tree's `command`
// program (the fake engine: synthetic, seeded timings, so the verdicts are deterministic).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execGit } from '../../../src/ab/gitRunner.ts';
import { AbUsageError, runAb, type AbDeps, type AbOptions } from '../../../src/ab/runAb.ts';
import { trialOrder, workerIds } from '../../../src/ab/trialPlan.ts';
import { processWorkerStarter, type WorkerStarter } from '../../../src/ab/workerStarter.ts';
import { trialSetSchema } from '../../../src/trials/trialSet.ts';

const FAKE_ENGINE = path.resolve('fixtures/engines/fake-engine.mjs');
const ENVIRONMENT = { fields: { cpu_model: 'test host' }, comparable: ['cpu_model'], hash: 'test-env' };

const wrapper = (slowdown: string) => `process.env.FAKE_ENGINE_SLOWDOWN = '${slowdown}';
await import('./fake-engine.mjs');
`;

const CONFIG = `version: 1
protocol: { warmup: 1, iterations: 6, max_new_tokens: 20, prompt_tokens: 8 }
benchmarks:
  - name: fake
    engine: command
    options: { run: [node, engine.mjs], cwd: ../bench }
gate: { fail_on: regression }
`;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

let root: string;
let repo: string;

before(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lpg-ab-'));
  repo = path.join(root, 'repo');
  mkdirSync(path.join(repo, 'bench'), { recursive: true });
  mkdirSync(path.join(repo, 'perf'), { recursive: true });
  git(root, 'init', '-q', '-b', 'main', repo);
  copyFileSync(FAKE_ENGINE, path.join(repo, 'bench/fake-engine.mjs'));
  writeFileSync(path.join(repo, 'bench/engine.mjs'), wrapper('1'));
  writeFileSync(path.join(repo, 'perf/perf-gate.yml'), CONFIG);
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  writeFileSync(path.join(repo, 'bench/engine.mjs'), wrapper('1.25'));
  git(repo, 'commit', '-q', '-am', 'head: 25% slower');
});

after(() => rmSync(root, { recursive: true, force: true }));

const worktrees = () => git(repo, 'worktree', 'list').trim().split('\n').length;

function deps(extra: Partial<AbDeps> = {}, env: NodeJS.ProcessEnv = process.env): AbDeps & { started: string[] } {
  const started: string[] = [];
  const real = processWorkerStarter(env);
  const startWorker: WorkerStarter = (r) => {
    started.push(`${r.side}:${r.id}`);
    return real(r);
  };
  return {
    git: execGit(),
    startWorker,
    environment: () => Promise.resolve(ENVIRONMENT),
    tempRoot: root,
    started,
    ...extra,
  };
}

const opts = (o: Partial<AbOptions> = {}): AbOptions => ({
  cwd: path.join(repo, 'perf'),
  config: 'perf-gate.yml',
  baseRef: 'main~1',
  outDir: path.join(root, `out-${Math.random().toString(36).slice(2)}`),
  seed: 7,
  ...o,
});

describe('runAb: randomized interleaved trials on a real repository', () => {
  it('finds the regression from each tree’s own program, stops when decided, writes trials.json', async () => {
    const d = deps();
    const o = opts();
    const outcome = await runAb(o, d);
    const { comparison, decision, markdown } = outcome.evaluation;
    assert.equal(comparison.mode, 'ab');
    const cfg = comparison.configs[0]!;
    assert.equal(cfg.verdict, 'regression');
    const tokS = cfg.metrics.find((m) => m.metric === 'e2e_tok_s')!;
    assert.ok(Math.abs(tokS.change! - (1 / 1.25 - 1)) < 0.02, `change ${tokS.change}`);
    assert.match(tokS.method, /process as random effect .*(permutation test|confidence sequences)/);
    assert.equal(decision.failed, true);
    assert.equal(cfg.trials?.stopReason, 'decided');
    assert.equal(cfg.trials?.workersPerSide, 3);
    // Each side ran its own tree's program: the fake engine reports its slow-down factor.
    const set = trialSetSchema.parse(JSON.parse(readFileSync(path.join(o.outDir, 'trials.json'), 'utf8')));
    assert.equal(set.seed, 7);
    assert.equal(set.arrangement, 'ab');
    // Every look is recorded, so the verdict after the run is the last look's: stopped when decided,
    // before the budget's last block, so no look spent all of alpha.
    const looks = set.configs[0]!.looks;
    assert.ok(looks.length >= 2, JSON.stringify(looks));
    assert.equal(looks.at(-1)!.trials, set.configs[0]!.trials.length);
    assert.ok(looks.every((l, i) => !l.final && l.fraction > 0 && l.fraction >= (looks[i - 1]?.fraction ?? 0)));
    const workers = set.configs[0]!.workers;
    assert.deepEqual(
      workers.map((w) => w.id),
      workerIds(3),
    );
    for (const w of workers) assert.equal(w.engine_info.slowdown, w.side === 'base' ? 1 : 1.25, w.id);
    // Every trial ran every worker once, in the order the seed gives.
    for (const t of set.configs[0]!.trials) {
      assert.deepEqual(t.order, trialOrder(workerIds(3), 7, t.index));
      assert.equal(Object.keys(t.outcomes).length, 6);
    }
    // Workers are replaced after each block: epochs 0, 1 … and one process per worker per epoch.
    const epochs = new Set(set.configs[0]!.trials.map((t) => t.epoch));
    assert.equal(d.started.length, 6 * epochs.size);
    assert.match(markdown, /Randomized interleaved trials: 3 persistent workers a side/);
    assert.match(markdown, /A\/A \(split workers\)/);
    assert.deepEqual(readdirSync(o.outDir).sort(), ['comparison.json', 'report.md', 'trials.json']);
    assert.equal(worktrees(), 1, 'the base worktree is removed');
  });

  it('stays quiet on A/A (the same commit on both sides) and runs a fixed number of trials with --trials', async () => {
    const o = opts({ baseRef: 'HEAD', trials: 10, blockTrials: 5 });
    const outcome = await runAb(o, deps());
    const cfg = outcome.evaluation.comparison.configs[0]!;
    assert.notEqual(cfg.verdict, 'regression');
    assert.notEqual(cfg.verdict, 'improvement');
    assert.equal(cfg.trials?.stopReason, 'fixed-trials');
    assert.equal(cfg.trials?.run, 10);
    assert.equal(outcome.trials.arrangement, 'aa');
    // The fixed count ends the plan: its last look spends what is left.
    assert.deepEqual(
      outcome.trials.configs[0]!.looks.map((l) => [l.trials, l.final]),
      [
        [5, false],
        [10, true],
      ],
    );
    assert.equal(outcome.evaluation.decision.failed, false);
  });

  it('runs a program that does not opt in once per trial, and says what that costs', async () => {
    const env = { ...process.env, FAKE_ENGINE_ONE_SHOT: '1' };
    const outcome = await runAb(opts({ trials: 2, blockTrials: 2 }), deps({}, env));
    const w = outcome.trials.configs[0]!.workers[0]!;
    assert.equal(w.engine_info.worker_mode, 'process-per-trial');
    assert.match(outcome.evaluation.markdown, /does not serve requests .* every trial started a fresh process/);
    assert.equal(outcome.trials.configs[0]!.trials.length, 2);
  });

  it('fails the config (closed) when its workers cannot start, and still removes the worktree', async () => {
    const failing: WorkerStarter = () => Promise.reject(new Error('no GPU'));
    const outcome = await runAb(opts(), { ...deps(), startWorker: failing });
    const cfg = outcome.evaluation.comparison.configs[0]!;
    assert.equal(cfg.verdict, 'failed');
    assert.match(cfg.error?.message ?? '', /no GPU/);
    assert.equal(outcome.evaluation.decision.failed, false, 'fail_on: regression does not fail on a failed config');
    assert.equal(worktrees(), 1);
  });

  it('stops with what it has when cancelled', async () => {
    const abort = new AbortController();
    const d = deps({ signal: abort.signal, log: (l) => (/^fake: \d+ trials/.test(l) ? abort.abort() : undefined) });
    const outcome = await runAb(opts({ baseRef: 'HEAD', noRestart: true }), d);
    const cfg = outcome.trials.configs[0]!;
    assert.equal(cfg.stop.reason, 'cancelled');
    assert.equal(cfg.trials.length, 4, 'the block that ran is kept');
  });

  it("uses the head's config, resolved in the base tree, when the base commit has none", async () => {
    const other = path.join(root, 'repo2');
    git(root, 'clone', '-q', repo, other);
    git(other, 'checkout', '-q', '-b', 'pr', 'HEAD~1');
    git(other, 'rm', '-q', '-r', 'perf');
    git(other, 'commit', '-q', '-m', 'base without config');
    const noConfigBase = git(other, 'rev-parse', 'HEAD').trim();
    git(other, 'checkout', '-q', 'main');
    const outcome = await runAb(
      opts({ cwd: other, config: 'perf/perf-gate.yml', baseRef: noConfigBase, trials: 4 }),
      deps(),
    );
    assert.equal(outcome.configSource, 'head');
    assert.match(outcome.evaluation.markdown, /base commit has no perf\/perf-gate\.yml/);
    const baseWorkers = outcome.trials.configs[0]!.workers.filter((x) => x.side === 'base');
    assert.ok(baseWorkers.length > 0);
    for (const w of baseWorkers) assert.equal(w.engine_info.slowdown, 1);
    assert.ok(existsSync(path.join(other, 'perf/perf-gate.yml')));
  });

  it('refuses an unknown base ref, a config outside the repo and one worker a side', async () => {
    const d = deps();
    await assert.rejects(
      runAb(opts({ baseRef: 'no-such-branch' }), d),
      (e: unknown) => e instanceof AbUsageError && /fetch-depth: 0/.test(e.message),
    );
    await assert.rejects(
      runAb(opts({ workersPerSide: 1 }), d),
      /workers must be an integer ≥ 2 a side .*cannot be told from that process/,
    );
    const outside = path.join(root, 'outside.yml');
    writeFileSync(outside, CONFIG);
    await assert.rejects(runAb(opts({ config: outside }), d), /outside the repository/);
    assert.equal(d.started.length, 0);
  });
});
