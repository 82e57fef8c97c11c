// End to end with `baseline-store: branch`: the built entry (dist/index.js) run as a runner runs
// it, with GITHUB_SERVER_URL pointing at a folder of bare repositories (file://), so the action's own
// remote URL (<server>/<owner>/<repo>.git) is a real repository reached by the real git CLI. Pushes
// save to the data branch and publish the dashboard to the Pages branch; a merged PR's accept label
// marks the commit's regression as accepted; a pull request compares with the branch, links the
// dashboard and never writes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { decodeShard, parseShard } from '../../../src/baseline/gitBranch/shards.js';
import { REPO_ROOT, runBuiltAction, type ActionRun } from '../../support/actionRunner.js';
import { GITHUB_ACTIONS_USER, GitHubServer } from '../../support/githubServer.js';

const execFileP = promisify(execFile);
const GH_TOKEN = 'ghs_e2eHistoryToken0123456789';
const CONFIG = path.join(REPO_ROOT, 'fixtures/action/fake-engine.perf-gate.yml');
const PR = 42;
const DASHBOARD_URL = 'https://acme.github.io/llm/perf/';

let github: GitHubServer;
let server: string;
let workspace: string;
let bare: string;
let seed = 100;

const git = async (...args: string[]) => (await execFileP('git', ['--git-dir', bare, ...args])).stdout;
const explain = (r: ActionRun) => `exit ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`;

function act(kind: 'push' | 'pull_request', sha: string, slowdown = 1): Promise<ActionRun> {
  const push = kind === 'push';
  return runBuiltAction({
    eventName: kind,
    eventFile: path.join(REPO_ROOT, 'fixtures/events', `${kind}.json`),
    ref: push ? 'refs/heads/main' : `refs/pull/${PR}/merge`,
    sha,
    workspace,
    inputs: {
      config: CONFIG,
      'github-token': GH_TOKEN,
      'baseline-store': 'branch',
      'dashboard-branch': 'gh-pages',
      'dashboard-url': DASHBOARD_URL,
    },
    env: {
      GITHUB_SERVER_URL: server,
      GITHUB_API_URL: github.url,
      FAKE_ENGINE_SLOWDOWN: String(slowdown),
      FAKE_ENGINE_SEED: String(++seed),
    },
    timeoutMs: 120_000,
  });
}

describe('the action with the git-branch store, built, end to end', { concurrency: false }, () => {
  before(async () => {
    github = await new GitHubServer({ tokens: { [GH_TOKEN]: 'installation' } }).start();
    const root = await mkdtemp(path.join(os.tmpdir(), 'lpg-e2e-git-'));
    server = `file://${root}`;
    bare = path.join(root, 'acme', 'llm.git');
    await mkdir(path.dirname(bare), { recursive: true });
    await execFileP('git', ['init', '--quiet', '--bare', bare]);
    await git('config', 'receive.denyNonFastForwards', 'true');
    await git('config', 'uploadpack.allowFilter', 'true');
    await git('config', 'uploadpack.allowAnySHA1InWant', 'true');
    workspace = await mkdtemp(path.join(os.tmpdir(), 'lpg-e2e-ws-'));
  });
  after(async () => {
    await github.stop();
    await rm(workspace, { recursive: true, force: true });
    await rm(server.slice('file://'.length), { recursive: true, force: true });
  });

  it('pushes save runs and history to the data branch and publish the dashboard', async () => {
    for (const [i, sha] of ['1', '2', '3', '4'].map((d) => d.repeat(40)).entries()) {
      const r = await act('push', sha);
      assert.equal(r.code, 0, explain(r));
      assert.match(
        r.summary,
        new RegExp(`saved this run to the baseline of \`main\` \\(${Math.min(i + 1, 3)} run\\(s\\) kept\\)`),
      );
      assert.match(r.stdout, /dashboard published to gh-pages:perf\/index\.html/);
    }
    const files = (await git('ls-tree', '-r', '--name-only', 'perf-data')).trim().split('\n');
    assert.equal(files.filter((f) => f.startsWith('runs/')).length, 3, 'K = gate.baseline_runs = 3 raw runs');
    const shard = files.find((f) => f.startsWith('history/'))!;
    const records = decodeShard(parseShard(await git('show', `perf-data:${shard}`), shard), shard);
    assert.equal(records.length, 4, 'every pushed commit has a summary');
    assert.deepEqual((await git('ls-tree', '--name-only', '-r', 'gh-pages')).trim().split('\n').sort(), [
      '.nojekyll',
      'perf/index.html',
    ]);
    const page = await git('show', 'gh-pages:perf/index.html');
    assert.match(page, /github\.com\/acme\/llm|acme\/llm/);
    assert.match(page, /fake small/);
    assert.equal(github.requests.filter((q) => q.method !== 'GET').length, 0, 'a push comments nowhere');
  });

  it("a merged PR's accepted regression passes the push and is recorded as accepted", async () => {
    const sha = '5'.repeat(40);
    github.mergedPulls.set(sha, { number: 41, labels: ['perf-regression-accepted'] });
    const r = await act('push', sha, 1.5);
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.outputs.gate, 'accepted');
    const shard = (await git('ls-tree', '-r', '--name-only', 'perf-data'))
      .split('\n')
      .find((f) => f.startsWith('history/'))!;
    const last = decodeShard(parseShard(await git('show', `perf-data:${shard}`), shard), shard).at(-1)!;
    assert.deepEqual([last.commit, last.accepted], [sha, true]);
    assert.ok(
      last.configs.every((c) => c.verdict === 'regression' || c.verdict === 'inconclusive'),
      last.configs.map((c) => c.verdict).join(),
    );
    assert.ok(github.requests.some((q) => q.route === 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls'));
  });

  it('a pull request compares with the data branch, links the dashboard and writes nothing', async () => {
    const before = (await git('rev-parse', 'perf-data', 'gh-pages')).trim();
    const r = await act('pull_request', '6'.repeat(40));
    assert.equal(r.code, 0, explain(r));
    assert.match(
      r.summary,
      /Baseline: 3 result files of `main` from git branch perf-data \(runs\/[0-9a-f]+\/main\/[^,]+, [0-9a-f]{7}\)/,
    );
    assert.ok(r.summary.includes(`[dashboard](${DASHBOARD_URL})`), r.summary.slice(-600));
    const comment = (github.comments.get(PR) ?? []).find((c) => c.user.login === GITHUB_ACTIONS_USER.login);
    assert.ok(comment?.body.includes(`[dashboard](${DASHBOARD_URL})`));
    assert.equal((await git('rev-parse', 'perf-data', 'gh-pages')).trim(), before, 'PRs never write either branch');
    assert.deepEqual(github.violations, []);
  });
});
