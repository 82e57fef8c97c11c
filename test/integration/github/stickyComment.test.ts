// The sticky comment, identity, labels and the client's retry / rate-limit handling against a local
// GitHub REST server whose requests are checked against the official OpenAPI description.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createGitHubClient } from '../../../src/github/client.js';
import { COMMENT_LIMIT, commentMarker, fitComment } from '../../../src/github/commentBody.js';
import { GITHUB_ACTIONS_BOT, resolveIdentity } from '../../../src/github/identity.js';
import { readLabels } from '../../../src/github/labels.js';
import { findStickyComment, upsertStickyComment } from '../../../src/github/stickyComment.js';
import { GitHubServer } from '../../support/githubServer.js';

const HUMAN = { login: 'octocat', id: 1, type: 'User' as const };
const PAT_USER = { login: 'perf-bot', id: 7, type: 'User' as const };
const OTHER_BOT = { login: 'renovate[bot]', id: 29139614, type: 'Bot' as const };
let server: GitHubServer;
const warnings: string[] = [];
const client = (token: string) =>
  createGitHubClient({ token, apiUrl: server.url, warn: (m) => warnings.push(m), maxRateLimitWaitS: 5 });
const target = (issueNumber: number, author = GITHUB_ACTIONS_BOT) => ({
  owner: 'acme',
  repo: 'llm',
  issueNumber,
  marker: commentMarker('perf-gate.yml'),
  author,
});

describe('sticky PR comment over a local GitHub API', () => {
  before(async () => {
    server = await new GitHubServer({
      tokens: { 'ghs-installation': 'installation', 'ghp-pat': PAT_USER, 'ghs-app': { app: 'perf-gate-app' } },
    }).start();
  });
  after(async () => server.stop());
  beforeEach(() => {
    warnings.length = 0;
    server.faults.length = 0;
  });

  it('resolves the identity: GET /user for a PAT, GraphQL viewer for installation tokens (GITHUB_TOKEN, Apps)', async () => {
    assert.deepEqual(await resolveIdentity(client('ghp-pat')), { login: 'perf-bot', source: 'GET /user' });
    assert.deepEqual(await resolveIdentity(client('ghs-installation')), {
      login: GITHUB_ACTIONS_BOT,
      source: 'GraphQL viewer',
    });
    assert.deepEqual(await resolveIdentity(client('ghs-app')), {
      login: 'perf-gate-app[bot]',
      source: 'GraphQL viewer',
    });
    server.faults.push({ route: 'POST /graphql', status: 404, body: { message: 'Not Found' } });
    assert.deepEqual(await resolveIdentity(client('ghs-installation')), {
      login: GITHUB_ACTIONS_BOT,
      source: 'GITHUB_TOKEN fallback',
    });
    assert.deepEqual(server.violations, []);
  });

  it("a GitHub App's token finds and updates its own comment, never another bot's quoting the marker", async () => {
    const marker = commentMarker('perf-gate.yml');
    server.seedComment(6, OTHER_BOT, `${marker}\nquoted by another bot`);
    server.seedComment(6, { login: GITHUB_ACTIONS_BOT, id: 41898282, type: 'Bot' }, `${marker}\nGITHUB_TOKEN's`);
    const gh = client('ghs-app');
    const { login } = await resolveIdentity(gh);
    const first = await upsertStickyComment(gh, target(6, login), `${marker}\nfirst`);
    assert.equal(first.action, 'created');
    const second = await upsertStickyComment(gh, target(6, login), `${marker}\nsecond`);
    assert.deepEqual([second.action, second.id], ['updated', first.id]);
    const all = server.comments.get(6) ?? [];
    assert.deepEqual(
      all.map((c) => [c.user.login, c.body.split('\n')[1]]),
      [
        ['renovate[bot]', 'quoted by another bot'],
        [GITHUB_ACTIONS_BOT, "GITHUB_TOKEN's"],
        ['perf-gate-app[bot]', 'second'],
      ],
    );
    assert.deepEqual(server.violations, []);
  });

  it('creates one comment, then updates it in place, past 150 comments of others', async () => {
    for (let i = 0; i < 150; i++) server.seedComment(1, HUMAN, `comment ${i}`);
    // Someone quoting our marker must not be taken for our comment.
    server.seedComment(1, HUMAN, `> ${commentMarker('perf-gate.yml')} quoted`);
    const gh = client('ghs-installation');
    const first = await upsertStickyComment(gh, target(1), `${commentMarker('perf-gate.yml')}\nfirst`);
    assert.equal(first.action, 'created');
    const second = await upsertStickyComment(gh, target(1), `${commentMarker('perf-gate.yml')}\nsecond`);
    assert.deepEqual([second.action, second.id], ['updated', first.id]);
    const ours = (server.comments.get(1) ?? []).filter((c) => c.user.login === GITHUB_ACTIONS_BOT);
    assert.equal(ours.length, 1);
    assert.match(ours[0]?.body ?? '', /second$/);
    // The lookup read the later pages (per_page 100).
    assert.ok(server.requests.some((r) => r.route?.startsWith('GET') && r.path.endsWith('/issues/1/comments')));
    assert.equal(await findStickyComment(gh, target(1)), first.id);
    // Another config file's marker is another comment.
    const other = await upsertStickyComment(
      gh,
      { ...target(1), marker: commentMarker('other.yml') },
      `${commentMarker('other.yml')}\nx`,
    );
    assert.equal(other.action, 'created');
    assert.deepEqual(server.violations, []);
  });

  it('surfaces a 403 on comment (read-only fork token) as an error with its status', async () => {
    server.faults.push({
      route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    await assert.rejects(
      upsertStickyComment(client('ghs-installation'), target(2), 'x'),
      (err: { status?: number }) => err.status === 403,
    );
    assert.equal(server.comments.get(2), undefined);
  });

  it('retries a 5xx and then succeeds', async () => {
    server.faults.push({ route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', status: 502 });
    const r = await upsertStickyComment(client('ghs-installation'), target(3), `${commentMarker('perf-gate.yml')}\nok`);
    assert.equal(r.action, 'created');
    const statuses = server.requests.filter((q) => q.path.endsWith('/issues/3/comments')).map((q) => q.status);
    assert.deepEqual(statuses, [502, 200, 201]);
  });

  it('waits out a primary rate limit, then succeeds', async () => {
    server.faults.push({
      route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/labels',
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
      body: { message: 'API rate limit exceeded' },
    });
    server.labels.set(4, ['perf-regression-accepted', 'bug']);
    const labels = await readLabels(client('ghs-installation'), 'acme', 'llm', 4);
    assert.deepEqual(labels, ['perf-regression-accepted', 'bug']);
    assert.ok(
      warnings.some((w) => /rate limit hit/.test(w)),
      warnings.join('\n'),
    );
  });

  it('keeps an oversized report under the limit, which the server accepts', async () => {
    const marker = commentMarker('perf-gate.yml');
    const huge =
      `${marker}\n## Summary\nregression in A\n<details><summary>all</summary>\n\n\`\`\`\n${'x'.repeat(80)}\n`.padEnd(
        200_000,
        'y\n',
      );
    const body = fitComment(huge, marker);
    assert.ok(body.length <= COMMENT_LIMIT);
    assert.ok(body.startsWith(`${marker}\n## Summary`));
    assert.match(body, /characters of details were cut/);
    const r = await upsertStickyComment(client('ghs-installation'), target(5), body);
    assert.equal(r.action, 'created');
    assert.deepEqual(server.violations, []);
  });
});
