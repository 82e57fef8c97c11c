// The built action fails closed under the default gate policy (fail_on: regression-or-failed):
// a crashed engine and an evicted baseline fail the job with a ⚠️ "Not measured" headline, never a
// ✅; the accept label overrides them and says what it overrode; fail-on: regression lets an
// evicted baseline pass. Same local GitHub and cache servers as action.test.ts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, runBuiltAction, type ActionRun } from '../../support/actionRunner.js';
import { CacheServer } from '../../support/cacheServer.js';
import { startLocalActionServices, type LocalActionServices } from '../../support/localActionServices.js';
import { GITHUB_ACTIONS_USER, GitHubServer } from '../../support/githubServer.js';

const RUNTIME_TOKEN = 'runtime-token-fail-closed';
const GH_TOKEN = 'ghs_failClosedToken0123456789';
const CONFIG = path.join(REPO_ROOT, 'fixtures/action/fake-engine-default-gate.perf-gate.yml');
const PR = 42;

let cacheService: CacheServer;
let github: GitHubServer;
let workspace: string;
let services: LocalActionServices;

async function act(
  kind: 'push' | 'pull_request',
  opts: { env?: Record<string, string>; inputs?: Record<string, string> } = {},
): Promise<ActionRun> {
  const push = kind === 'push';
  return runBuiltAction({
    eventName: kind,
    eventFile: path.join(REPO_ROOT, 'fixtures/events', `${kind}.json`),
    ref: push ? 'refs/heads/main' : `refs/pull/${PR}/merge`,
    sha: push ? '2'.repeat(40) : '6'.repeat(40),
    workspace,
    inputs: { config: CONFIG, 'github-token': GH_TOKEN, ...opts.inputs },
    env: {
      ...services.env(),
      FAKE_ENGINE_SEED: '7',
      ...opts.env,
    },
  });
}

const explain = (r: ActionRun) => `exit ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`;
const comment = () =>
  (github.comments.get(PR) ?? []).filter((c) => c.user.login === GITHUB_ACTIONS_USER.login).at(-1)?.body ?? '';
const headline = (body: string) => body.split('\n').find((l) => / · gate /.test(l)) ?? '';

describe('the built action fails closed', { concurrency: false }, () => {
  before(async () => {
    services = await startLocalActionServices({
      runtimeToken: RUNTIME_TOKEN,
      githubToken: GH_TOKEN,
      workspacePrefix: 'lpg-e2e-closed-',
    });
    ({ cache: cacheService, github, workspace } = services);
  });
  after(() => services.stop());

  it('the first push records the baseline and passes: there is nothing to compare with yet', async () => {
    const r = await act('push');
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.outputs.gate, 'passed');
    assert.equal(cacheService.keys().length, 1);
  });

  it('a crashed engine fails the job; the comment reads ⚠️ Not measured, never ✅', async () => {
    const r = await act('pull_request', { env: { FAKE_ENGINE_CRASH: '1' } });
    assert.equal(r.code, 1, explain(r));
    assert.equal(r.outputs.gate, 'failed');
    assert.equal(r.outputs.failed, '2');
    assert.match(r.stdout, /::error::performance gate failed \(fail-on: regression-or-failed\)/);
    assert.match(r.stdout, /fake small: failed: /);
    const body = comment();
    assert.match(headline(body), /^⚠️ \*\*Not measured\*\*: 2 of 2 configurations not measured: 2 failed \(/);
    assert.match(headline(body), /gate failed/);
    assert.doesNotMatch(body, /✅/);
  });

  it('the accept label overrides it and says which state it overrode', async () => {
    github.labels.set(PR, ['perf-regression-accepted']);
    const r = await act('pull_request', { env: { FAKE_ENGINE_CRASH: '1' } });
    github.labels.set(PR, []);
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.outputs.gate, 'accepted');
    assert.match(r.stdout, /::notice::the label "perf-regression-accepted" overrode: not measured/);
    assert.match(headline(comment()), /gate passed: the label perf-regression-accepted overrode not measured/);
  });

  it('an evicted baseline is ⚠️ Not measured and fails by default; fail-on: regression lets it pass', async () => {
    cacheService.entries.splice(0); // GitHub evicts entries unread for 7 days
    const r = await act('pull_request');
    assert.equal(r.code, 1, explain(r));
    assert.equal(r.outputs.new, '2');
    assert.match(headline(comment()), /^⚠️ \*\*Not measured\*\*: no baseline \(Actions cache\): cache miss for branch/);
    assert.match(headline(comment()), /GitHub evicted it \(entries unused for 7 days/);
    assert.match(r.stdout, /all configurations: not measured: nothing compared/);
    const lenient = await act('pull_request', { inputs: { 'fail-on': 'regression' } });
    assert.equal(lenient.code, 0, explain(lenient));
    assert.match(headline(comment()), /^⚠️ \*\*Not measured\*\*: .* · gate passed \(fail\\_on: regression\)/);
  });
});
