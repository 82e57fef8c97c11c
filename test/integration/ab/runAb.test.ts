// A/B mode end to end on a real git repository in a temp folder: two commits, the head's engine
// script 25% slower than the base's. The command engine runs each tree's own script.
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
import { AbUsageError, runAb } from '../../../src/ab/runAb.ts';
import { inProcessRunExecutor } from '../../support/inProcessRunExecutor.ts';

const FAKE_ENGINE = path.resolve('fixtures/engines/fake-engine.mjs');

// Each A/B run gets its own seed (from the side environment), as separate runs have their own noise.
const wrapper = (slowdown: string) => `process.env.FAKE_ENGINE_SEED = process.env.LLM_PERF_GATE_AB_RUN ?? '0';
process.env.FAKE_ENGINE_SLOWDOWN = '${slowdown}';
await import('./fake-engine.mjs');
`;

const CONFIG = `version: 1
protocol: { warmup: 0, iterations: 6, max_new_tokens: 20, prompt_tokens: 8 }
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
let baseSha: string;

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
  baseSha = git(repo, 'rev-parse', 'HEAD').trim();
  writeFileSync(path.join(repo, 'bench/engine.mjs'), wrapper('1.25'));
  git(repo, 'commit', '-q', '-am', 'head: 25% slower');
});

after(() => rmSync(root, { recursive: true, force: true }));

const worktrees = () => git(repo, 'worktree', 'list').trim().split('\n').length;

describe('runAb on a real repository', () => {
  it('runs base and head interleaved from their own trees, finds the regression, measures the A/A noise floor', async () => {
    const executor = inProcessRunExecutor();
    const outDir = path.join(root, 'out');
    const outcome = await runAb(
      { cwd: path.join(repo, 'perf'), config: 'perf-gate.yml', baseRef: 'main~1', pairs: 3, outDir },
      { git: execGit(), executor, tempRoot: root },
    );
    assert.deepEqual(
      executor.requests.map((r) => r.label),
      ['base-1', 'head-1', 'base-2', 'head-2', 'base-3', 'head-3'],
    );
    assert.equal(outcome.commits.baseSha, baseSha);
    assert.equal(outcome.configSource, 'base');
    // Each side ran its own tree's engine script: the fake engine reports its slow-down factor.
    for (const d of outcome.baseRuns) assert.equal(d.benchmarks[0]!.engine_info.slowdown, 1);
    for (const d of outcome.headRuns) assert.equal(d.benchmarks[0]!.engine_info.slowdown, 1.25);
    assert.equal(outcome.baseRuns[0]!.run.git?.sha, baseSha);

    const { comparison, decision, markdown, aa } = outcome.evaluation;
    assert.equal(comparison.mode, 'ab');
    assert.equal(comparison.configs[0]!.verdict, 'regression');
    const tokS = comparison.configs[0]!.metrics.find((m) => m.metric === 'e2e_tok_s')!;
    assert.match(tokS.method, /paired/);
    assert.ok(Math.abs(tokS.change! - (1 / 1.25 - 1)) < 0.03, `change ${tokS.change}`);
    assert.equal(decision.failed, true);

    // A/A: base-1, base-3 against base-2; unchanged code must not alarm; the floor is the fake
    // engine's between-run spread (±1% uniform per run).
    assert.deepEqual(aa.halves, [['base-1', 'base-3'], ['base-2']]);
    assert.deepEqual(aa.alarms, []);
    const floor = comparison.noiseFloor?.fake;
    assert.ok(floor !== undefined && floor > 0 && floor < 0.03, `noise floor ${floor}`);
    assert.match(markdown, /A\/B on one runner \(3 base runs, 3 head runs\)/);
    assert.match(markdown, /A\/A check: base against base/);
    assert.match(markdown, /Noise floor \(relative spread between runs of unchanged code\)/);

    assert.deepEqual(readdirSync(outDir).sort(), [
      'base-1.json',
      'base-2.json',
      'base-3.json',
      'comparison.json',
      'head-1.json',
      'head-2.json',
      'head-3.json',
      'report.md',
    ]);
    const saved = JSON.parse(readFileSync(path.join(outDir, 'comparison.json'), 'utf8')) as {
      decision: { failed: boolean };
      base: { sha: string };
    };
    assert.equal(saved.decision.failed, true);
    assert.equal(saved.base.sha, baseSha);
    assert.equal(worktrees(), 1, 'the base worktree is removed');
    assert.deepEqual(
      readdirSync(root).filter((f) => f.startsWith('llm-perf-gate-base-')),
      [],
    );
  });

  it('removes the base worktree when a run fails', async () => {
    const executor = inProcessRunExecutor({
      before: (r) => {
        if (r.label === 'head-2') throw new Error('runner lost');
      },
    });
    await assert.rejects(
      runAb(
        { cwd: repo, config: 'perf/perf-gate.yml', baseRef: baseSha, pairs: 3, outDir: path.join(root, 'fail') },
        { git: execGit(), executor, tempRoot: root },
      ),
      /runner lost/,
    );
    assert.equal(executor.requests.length, 4);
    assert.equal(worktrees(), 1);
    assert.deepEqual(
      readdirSync(root).filter((f) => f.startsWith('llm-perf-gate-base-')),
      [],
    );
  });

  it("uses the head's config, resolved in the base tree, when the base commit has none", async () => {
    const other = path.join(root, 'repo2');
    git(root, 'clone', '-q', repo, other);
    // A base commit without the config: the first commit's tree minus perf/.
    git(other, 'checkout', '-q', '-b', 'pr', 'HEAD~1');
    git(other, 'rm', '-q', '-r', 'perf');
    git(other, 'commit', '-q', '-m', 'base without config');
    const noConfigBase = git(other, 'rev-parse', 'HEAD').trim();
    git(other, 'checkout', '-q', 'main');
    const executor = inProcessRunExecutor();
    const outcome = await runAb(
      { cwd: other, config: 'perf/perf-gate.yml', baseRef: noConfigBase, pairs: 3, outDir: path.join(root, 'nocfg') },
      { git: execGit(), executor, tempRoot: root },
    );
    assert.equal(outcome.configSource, 'head');
    assert.match(outcome.evaluation.markdown, /base commit has no perf\/perf-gate\.yml/);
    // The base still ran the base tree's engine script.
    for (const d of outcome.baseRuns) assert.equal(d.benchmarks[0]!.engine_info.slowdown, 1);
    assert.ok(existsSync(path.join(other, 'perf/perf-gate.yml')));
  });

  it('refuses an unknown base ref, a config outside the repo and fewer than three pairs', async () => {
    const deps = { git: execGit(), executor: inProcessRunExecutor(), tempRoot: root };
    const opts = { cwd: repo, config: 'perf/perf-gate.yml', baseRef: 'main~1', pairs: 3, outDir: path.join(root, 'x') };
    await assert.rejects(
      runAb({ ...opts, baseRef: 'no-such-branch' }, deps),
      (e: unknown) => e instanceof AbUsageError && /fetch-depth: 0/.test(e.message),
    );
    await assert.rejects(runAb({ ...opts, pairs: 2 }, deps), /--pairs must be an integer ≥ 3/);
    const outside = path.join(root, 'outside.yml');
    writeFileSync(outside, CONFIG);
    await assert.rejects(runAb({ ...opts, config: outside }, deps), /outside the repository/);
    assert.equal(deps.executor.requests.length, 0);
  });
});
