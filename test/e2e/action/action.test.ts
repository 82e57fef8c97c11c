// End to end: the action entry, bundled from the current source, run as a runner runs it, against a
// local GitHub REST API (requests checked against the official OpenAPI description) and a local
// Actions cache service used by the unmodified @actions/cache. The benchmarks use the command
// engine with a synthetic engine whose slow-down is injected (no real timing is relied on).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commentMarker } from '../../../src/github/commentBody.js';
import { REPO_ROOT, runBuiltAction, type ActionRun } from '../../support/actionRunner.js';
import { CacheServer } from '../../support/cacheServer.js';
import { closedPort, startLocalActionServices, type LocalActionServices } from '../../support/localActionServices.js';
import { GITHUB_ACTIONS_USER, GitHubServer } from '../../support/githubServer.js';

const RUNTIME_TOKEN = 'runtime-token-e2e';
const GH_TOKEN = 'ghs_e2eSecretToken0123456789';
const CONFIG = path.join(REPO_ROOT, 'fixtures/action/fake-engine.perf-gate.yml');
const MARKER = commentMarker(CONFIG);
const PR = 42;

let cacheService: CacheServer;
let github: GitHubServer;
let workspace: string;
let services: LocalActionServices;
const runs: ActionRun[] = [];
let seed = 0;

async function act(
  kind: 'push' | 'pull_request' | 'pull_request_fork',
  opts: { slowdown?: number; env?: Record<string, string>; inputs?: Record<string, string> } = {},
): Promise<ActionRun> {
  const push = kind === 'push';
  const run = await runBuiltAction({
    eventName: push ? 'push' : 'pull_request',
    eventFile: path.join(REPO_ROOT, 'fixtures/events', `${kind}.json`),
    ref: push ? 'refs/heads/main' : `refs/pull/${kind === 'pull_request' ? PR : 43}/merge`,
    sha: push ? '2'.repeat(40) : '6'.repeat(40),
    workspace,
    inputs: { config: CONFIG, 'github-token': GH_TOKEN, ...opts.inputs },
    env: {
      ...services.env(),
      FAKE_ENGINE_SLOWDOWN: String(opts.slowdown ?? 1),
      FAKE_ENGINE_SEED: String(++seed),
      ...opts.env,
    },
  });
  runs.push(run);
  return run;
}

const explain = (r: ActionRun) => `exit ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`;
const ourComments = () => (github.comments.get(PR) ?? []).filter((c) => c.user.login === GITHUB_ACTIONS_USER.login);

describe('the action, built, end to end', { concurrency: false }, () => {
  before(async () => {
    services = await startLocalActionServices({
      runtimeToken: RUNTIME_TOKEN,
      githubToken: GH_TOKEN,
      workspacePrefix: 'lpg-e2e-ws-',
    });
    ({ cache: cacheService, github, workspace } = services);
  });
  after(() => services.stop());

  it('push to the default branch saves baseline runs, keeping the last K (3)', async () => {
    const first = await act('push');
    assert.equal(first.code, 0, explain(first));
    assert.equal(first.outputs.new, '2');
    assert.equal(first.outputs.gate, 'passed');
    assert.match(first.summary, /No baseline yet for `main`/);
    assert.match(first.summary, /saved this run to the baseline of `main` \(1 run\(s\) kept\)/);
    for (let i = 0; i < 3; i++) assert.equal((await act('push')).code, 0);
    assert.match(runs.at(-1)?.summary ?? '', /\(3 run\(s\) kept\)/);
    assert.equal(cacheService.keys().length, 4);
    assert.equal(github.requests.filter((r) => r.method !== 'GET').length, 0, 'a push comments nowhere');
  });

  it('a pull request creates the sticky comment and never writes the baseline', async () => {
    const entries = cacheService.entries.length;
    const r = await act('pull_request');
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.outputs.regressions, '0');
    assert.match(r.summary, /Baseline: 3 result files of `main`/);
    assert.equal(cacheService.entries.length, entries, 'PR runs never write the baseline');
    const mine = ourComments();
    assert.equal(mine.length, 1);
    assert.ok(mine[0]?.body.startsWith(MARKER), mine[0]?.body.slice(0, 200));
    // Names from the config are escaped: no raw HTML, no mention.
    assert.doesNotMatch(mine[0]?.body ?? '', /<b>large<\/b>|@team/);
  });

  it('a second run updates the same comment', async () => {
    const before = ourComments()[0];
    const id = before?.id;
    const body = before?.body;
    const r = await act('pull_request');
    assert.equal(r.code, 0, explain(r));
    assert.equal(ourComments().length, 1);
    assert.equal(ourComments()[0]?.id, id);
    assert.notEqual(ourComments()[0]?.body, body);
  });

  it('an injected slow-down fails the job, one line per failing config, and names the label', async () => {
    const r = await act('pull_request', { slowdown: 1.5 });
    assert.equal(r.code, 1, explain(r));
    assert.equal(r.outputs.gate, 'failed');
    assert.equal(r.outputs.regressions, '2');
    assert.equal(r.outputs.verdict, 'regression');
    // setFailed's message: a header, one line per failing config, the escape hatch.
    const lines = r.stdout
      .split('\n')
      .find((l) => l.startsWith('::error::performance gate failed'))
      ?.split('%0A');
    assert.ok(lines, explain(r));
    assert.equal(lines.filter((l) => /: regression: /.test(l)).length, 2, lines.join('\n'));
    assert.match(
      lines.find((l) => l.includes('fake small')) ?? '',
      /fake-engine\.perf-gate\.yml: fake small: regression: Throughput -3\d\.\d%25 \[/, // %25: the ::error:: command escapes %
    );
    assert.match(lines.at(-1) ?? '', /label "perf-regression-accepted"/);
    assert.match(r.stdout, /::error title=Performance regression%3A fake small,file=/);
    assert.equal(ourComments().length, 1);
    assert.match(ourComments()[0]?.body ?? '', /perf-regression-accepted/);
  });

  it('the accept label lets it pass', async () => {
    github.labels.set(PR, ['perf-regression-accepted']);
    const r = await act('pull_request', { slowdown: 1.5 });
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.outputs.gate, 'accepted');
    assert.equal(r.outputs.regressions, '2');
    github.labels.set(PR, []);
  });

  it('retries a 5xx from the API, then updates the comment', async () => {
    github.faults.push({ route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', status: 502 });
    const r = await act('pull_request');
    assert.equal(r.code, 0, explain(r));
    const lists = github.requests.filter((q) => q.route === 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments');
    assert.deepEqual(
      lists.slice(-2).map((q) => q.status),
      [502, 200],
    );
    assert.equal(ourComments().length, 1);
    assert.match(r.stdout, /updated the PR comment/);
  });

  it('waits out a rate limit', async () => {
    github.faults.push({
      route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/labels',
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
      body: { message: 'API rate limit exceeded for installation ID 1.' },
    });
    const r = await act('pull_request');
    assert.equal(r.code, 0, explain(r));
    assert.match(r.stdout, /rate limit hit/);
    assert.match(r.stdout, /updated the PR comment/);
  });

  it('a 403 on the comment (read-only token) does not crash: warning + job summary', async () => {
    github.faults.push({
      route: 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const r = await act('pull_request');
    assert.equal(r.code, 0, explain(r));
    assert.match(r.stdout, /::warning::could not post the PR comment: the token may not write comments \(HTTP 403/);
    assert.match(r.summary, /### llm-perf-gate/);
  });

  it("refuses a fork's code on a self-hosted runner unless allowed", async () => {
    const refused = await act('pull_request_fork');
    assert.equal(refused.code, 1, explain(refused));
    assert.match(refused.stdout, /::error::pull request #43 comes from a fork/);
    assert.equal(refused.outputs['results-path'], undefined, 'nothing ran');
    const hosted = await act('pull_request_fork', { env: { RUNNER_ENVIRONMENT: 'github-hosted' } });
    assert.equal(hosted.code, 0, explain(hosted));
  });

  it('a cache service that is down gives a "new" report that says the service failed, not a crash', async () => {
    const r = await act('pull_request', { env: { ACTIONS_RESULTS_URL: `http://127.0.0.1:${await closedPort()}/` } });
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.outputs.new, '2');
    assert.match(r.stdout, /::warning::Failed to restore/);
    assert.match(
      r.summary,
      /No baseline could be read for `main` \(the Actions cache service failed: Failed to restore/,
    );
  });

  it('never prints the token, and every request matched the OpenAPI description', () => {
    for (const r of runs) {
      const lines = `${r.stdout}\n${r.stderr}\n${r.summary}`.split('\n').filter((l) => l.includes(GH_TOKEN));
      assert.ok(
        lines.every((l) => l.startsWith('::add-mask::')),
        lines.join('\n'),
      );
    }
    assert.deepEqual(github.violations, []);
    assert.deepEqual(cacheService.violations, []);
  });
});
