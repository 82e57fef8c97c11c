// The action in mode "ab", built, end to end: a real git repository with two commits (the head's
// engine script 25% slower), the PR's base commit given as base-ref, a local GitHub API for the
// sticky comment. No stored baseline is read or written.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, runBuiltAction } from '../../support/actionRunner.js';
import { GITHUB_ACTIONS_USER, GitHubServer } from '../../support/githubServer.js';

const GH_TOKEN = 'ghs_abModeToken0123456789';
const CONFIG = `version: 1
protocol: { warmup: 0, iterations: 6, max_new_tokens: 20, prompt_tokens: 8 }
benchmarks:
  - name: fake
    engine: command
    options: { run: [node, engine.mjs], cwd: ../bench }
gate: { fail_on: regression }
`;
// Each worker seeds its own noise from its id (the fake engine reads LLM_PERF_GATE_WORKER_ID).
const wrapper = (slowdown: string) => `process.env.FAKE_ENGINE_SLOWDOWN = '${slowdown}';
await import('./fake-engine.mjs');
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
let github: GitHubServer;

describe('the action in mode "ab", built', () => {
  before(async () => {
    github = await new GitHubServer({ tokens: { [GH_TOKEN]: 'installation' } }).start();
    root = mkdtempSync(path.join(os.tmpdir(), 'lpg-ab-action-'));
    repo = path.join(root, 'repo');
    mkdirSync(path.join(repo, 'bench'), { recursive: true });
    mkdirSync(path.join(repo, 'perf'), { recursive: true });
    git(root, 'init', '-q', '-b', 'main', repo);
    copyFileSync(path.join(REPO_ROOT, 'fixtures/engines/fake-engine.mjs'), path.join(repo, 'bench/fake-engine.mjs'));
    writeFileSync(path.join(repo, 'bench/engine.mjs'), wrapper('1'));
    writeFileSync(path.join(repo, 'perf/perf-gate.yml'), CONFIG);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    baseSha = git(repo, 'rev-parse', 'HEAD').trim();
    writeFileSync(path.join(repo, 'bench/engine.mjs'), wrapper('1.25'));
    git(repo, 'commit', '-q', '-am', 'head: 25% slower');
  });
  after(async () => {
    await github.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('runs base and head interleaved, fails the job on the regression and comments once with the A/A check', async () => {
    const run = await runBuiltAction({
      eventName: 'pull_request',
      eventFile: path.join(REPO_ROOT, 'fixtures/events/pull_request.json'),
      ref: 'refs/pull/42/merge',
      sha: git(repo, 'rev-parse', 'HEAD').trim(),
      workspace: repo,
      inputs: {
        config: 'perf/perf-gate.yml',
        'github-token': GH_TOKEN,
        mode: 'ab',
        'base-ref': baseSha,
        workers: '3',
        'budget-seconds': '120',
      },
      env: { GITHUB_API_URL: github.url },
    });
    const explain = `exit ${run.code}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`;
    assert.equal(run.code, 1, explain);
    assert.match(run.stdout, /performance gate failed \(fail-on: regression\)/, explain);
    assert.equal(run.outputs.verdict, 'regression', explain);
    assert.match(run.summary, /A\/B on one runner/);
    assert.match(run.summary, /A\/A \(split workers\)/);
    const comments = (github.comments.get(42) ?? []).filter((c) => c.user.login === GITHUB_ACTIONS_USER.login);
    assert.equal(comments.length, 1);
    assert.match(comments[0]!.body, /regression/);
    // The base worktree is gone afterwards.
    assert.equal(git(repo, 'worktree', 'list').trim().split('\n').length, 1);
  });
});
