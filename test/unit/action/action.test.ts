// The action's pure parts: manifest ↔ constants, input parsing, event and fork detection, the
// comment body limit, shard grouping, cache keys.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { describeEvent, type RunEvent } from '../../../src/action/event.js';
import { INPUTS, OUTPUTS, inputEnvNames } from '../../../src/action/inputs.js';
import { parseInputs } from '../../../src/action/parseInputs.js';
import { decideSafety } from '../../../src/action/safety.js';
import { branchPrefix, entryKey, environmentPrefix } from '../../../src/baseline/cacheKey.js';
import { newestRuns } from '../../../src/baseline/window.js';
import { COMMENT_LIMIT, commentMarker, fitComment, markerId } from '../../../src/github/commentBody.js';
import { runDoc } from '../../support/actionDocs.js';

const root = path.resolve(import.meta.dirname, '../../..');
const event = (name: string) =>
  JSON.parse(readFileSync(path.join(root, 'fixtures/events', name), 'utf8')) as Record<string, unknown>;

describe('action.yml', () => {
  const manifest = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: { id?: string; env?: Record<string, string>; run?: string }[] };
  };
  it('declares exactly the inputs and outputs of src/action/inputs.ts', () => {
    assert.deepEqual(Object.keys(manifest.inputs).sort(), Object.values(INPUTS).sort());
    assert.deepEqual(Object.keys(manifest.outputs).sort(), Object.values(OUTPUTS).sort());
    for (const [name, o] of Object.entries(manifest.outputs))
      assert.equal(o.value, `\${{ steps.gate.outputs.${name} }}`);
  });
  it('passes every input the entry reads, and the cache variables, to the node step', () => {
    assert.equal(manifest.runs.using, 'composite');
    const step = manifest.runs.steps.find((s) => s.id === 'gate');
    // The Node 24 found by the first step, never whatever `node` the job's PATH has.
    assert.equal(step?.run, '"$NODE" --enable-source-maps "$GITHUB_ACTION_PATH/dist/index.js"');
    assert.equal(step?.env?.NODE, '${{ steps.node.outputs.path }}');
    for (const name of Object.values(INPUTS).filter((n) => n !== INPUTS.setupNode))
      assert.equal(step?.env?.[inputEnvNames(name)[1]], `\${{ inputs.${name} }}`, name);
    for (const v of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_URL', 'ACTIONS_CACHE_SERVICE_V2'])
      assert.ok(step?.env?.[v], v);
  });
  it('pins every nested action to a full commit SHA, with the version in a comment', () => {
    const text = readFileSync(path.join(root, 'action.yml'), 'utf8');
    const uses = [...text.matchAll(/^\s*uses:\s*(\S+)(.*)$/gm)];
    assert.ok(uses.length > 0);
    for (const [, ref, rest] of uses) {
      assert.match(ref ?? '', /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/, `${ref} is not pinned by SHA`);
      assert.match(rest ?? '', /# v\d+\.\d+\.\d+$/, `${ref} has no "# vX.Y.Z" comment`);
    }
  });
});

describe('parseInputs', () => {
  it('applies defaults and reads both spellings of INPUT_ names', () => {
    const i = parseInputs({ 'INPUT_GITHUB-TOKEN': 't1', INPUT_SAVE_BRANCHES: 'main, release\nnext' });
    assert.equal(i.token, 't1');
    assert.equal(i.mode, 'run');
    assert.equal(i.configPath, 'perf-gate.yml');
    assert.deepEqual(i.saveBranches, ['main', 'release', 'next']);
    assert.equal(i.comment, true);
    assert.equal(i.allowFork, false);
    assert.equal(i.acceptLabel, 'perf-regression-accepted');
    assert.equal(i.failOn, undefined);
  });
  it('names the input in every error', () => {
    assert.throws(
      () => parseInputs({ INPUT_MODE: 'a/b' }),
      /input "mode": expected one of run, report, ab, got "a\/b"/,
    );
    assert.throws(
      () => parseInputs({ INPUT_WORKERS: '1' }),
      /input "workers": expected a whole number from 2 to 16 \(with one worker a side the code cannot be told from the process\), got "1"/,
    );
    assert.throws(
      () => parseInputs({ INPUT_BUDGET_SECONDS: '0' }),
      /input "budget-seconds": expected a positive number/,
    );
    assert.throws(() => parseInputs({ INPUT_FAIL_ON: 'always' }), /input "fail-on"/);
    assert.throws(() => parseInputs({ INPUT_BASELINE_RUNS: '0' }), /input "baseline-runs": expected a whole number/);
    assert.throws(() => parseInputs({ INPUT_COMMENT: 'yes' }), /input "comment": expected true or false/);
    assert.throws(() => parseInputs({ INPUT_SHARD: '3/2' }), /input "shard"/);
    assert.throws(() => parseInputs({ INPUT_MODE: 'report' }), /input "results"/);
  });
});

describe('events and safety', () => {
  const env = { GITHUB_REPOSITORY: 'acme/llm', GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' };
  const safety = (e: RunEvent, opts: Partial<Parameters<typeof decideSafety>[1]> = {}) =>
    decideSafety(e, { allowFork: false, saveBranches: [], ...opts });
  it('a push to the default branch may save the baseline; to another branch not, and compares with main', () => {
    const push = describeEvent(env, event('push.json'));
    assert.deepEqual([push.branch, push.defaultBranch, push.pullRequest], ['main', 'main', undefined]);
    assert.deepEqual(safety(push), { mayWriteBaseline: true, baselineBranch: 'main' });
    const other = describeEvent({ ...env, GITHUB_REF: 'refs/heads/dev' }, event('push.json'));
    assert.deepEqual(safety(other), { mayWriteBaseline: false, baselineBranch: 'main' });
    assert.deepEqual(safety(other, { saveBranches: ['dev'] }), { mayWriteBaseline: true, baselineBranch: 'dev' });
  });
  it('a pull request never writes the baseline; a fork is refused on a self-hosted runner', () => {
    const prEnv = { ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/42/merge' };
    const pr = describeEvent(prEnv, event('pull_request.json'));
    assert.deepEqual(
      [pr.pullRequest?.number, pr.pullRequest?.baseBranch, pr.pullRequest?.fromFork],
      [42, 'main', false],
    );
    assert.deepEqual(safety(pr, { saveBranches: ['main', 'kv-layout'] }), {
      mayWriteBaseline: false,
      baselineBranch: 'main',
    });
    const fork = describeEvent(prEnv, event('pull_request_fork.json'));
    assert.equal(fork.pullRequest?.fromFork, true);
    assert.match(safety(fork).refuse ?? '', /comes from a fork/);
    assert.equal(safety(fork, { runnerEnvironment: 'github-hosted' }).refuse, undefined);
    assert.equal(safety(fork, { runnerEnvironment: 'self-hosted', allowFork: true }).refuse, undefined);
  });
  it('pull_request_target from a fork is refused on every runner unless allow-fork', () => {
    const target = describeEvent(
      { ...env, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/main' },
      event('pull_request_target_fork.json'),
    );
    assert.equal(target.pullRequest?.fromFork, true);
    for (const runnerEnvironment of ['github-hosted', 'self-hosted', undefined]) {
      const d = safety(target, { runnerEnvironment });
      assert.match(d.refuse ?? '', /pull_request_target: its code would run with a write token/, runnerEnvironment);
      assert.equal(d.mayWriteBaseline, false);
    }
    const allowed = safety(target, { runnerEnvironment: 'github-hosted', allowFork: true });
    assert.deepEqual(allowed, { mayWriteBaseline: false, baselineBranch: 'main' });
    // The same event from a branch of the repository itself is an ordinary pull request.
    const own = describeEvent(
      { ...env, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/main' },
      event('pull_request.json'),
    );
    assert.equal(safety(own).refuse, undefined);
  });
  it("merge_group compares with the group's base branch, reads the queued PR's labels, never saves", () => {
    const group = describeEvent(
      {
        ...env,
        GITHUB_EVENT_NAME: 'merge_group',
        GITHUB_REF: 'refs/heads/gh-readonly-queue/main/pr-42-2222222222222222222222222222222222222222',
      },
      event('merge_group.json'),
    );
    assert.deepEqual(group.mergeGroup, {
      baseBranch: 'main',
      baseSha: '2'.repeat(40),
      headSha: '7'.repeat(40),
      prNumber: 42,
    });
    assert.deepEqual(safety(group, { saveBranches: ['main', group.branch ?? ''] }), {
      mayWriteBaseline: false,
      baselineBranch: 'main',
    });
  });
  it('schedule and workflow_dispatch benchmark the ref: a save branch compares with and refreshes its baseline', () => {
    for (const name of ['schedule', 'workflow_dispatch']) {
      const onMain = describeEvent({ ...env, GITHUB_EVENT_NAME: name }, event(`${name}.json`));
      assert.deepEqual(safety(onMain), { mayWriteBaseline: true, baselineBranch: 'main' }, name);
      const onFeature = describeEvent(
        { ...env, GITHUB_EVENT_NAME: name, GITHUB_REF: 'refs/heads/kv-layout' },
        event(`${name}.json`),
      );
      assert.deepEqual(safety(onFeature), { mayWriteBaseline: false, baselineBranch: 'main' }, name);
    }
  });
});

describe('comment body', () => {
  it('the marker is what the report renderer writes for markerId, for any path', () => {
    const p = 'configs/a--b>c.yml';
    assert.equal(commentMarker(p), `<!-- ${markerId(p)} -->`);
    assert.doesNotMatch(markerId(p), /--|>/);
  });
  it('keeps a short body whole and cuts a long one under the limit, closing what it leaves open', () => {
    const m = commentMarker('perf-gate.yml');
    assert.equal(fitComment(`${m}\nshort`, m), `${m}\nshort`);
    const long = `${m}\n## Summary\n<details>\n\n\`\`\`\n${'line\n'.repeat(30_000)}\`\`\`\n</details>\n`;
    const out = fitComment(long, m);
    assert.ok(out.length <= COMMENT_LIMIT);
    assert.ok(out.startsWith(`${m}\n## Summary`));
    assert.equal((out.match(/^```/gm) ?? []).length % 2, 0);
    assert.match(out, /<\/details>\n\n> \[!NOTE\]/);
  });
});

describe('baseline windows and shards', () => {
  it('keys never let one branch be a prefix of another', () => {
    assert.ok(!branchPrefix('c', 'feature/x').startsWith(branchPrefix('c', 'feature')));
    assert.ok(!branchPrefix('c', 'main.x').startsWith(branchPrefix('c', 'main')));
    const key = entryKey('c', 'main', 'e', '9', '1', new Date(0));
    assert.ok(key.startsWith(environmentPrefix('c', 'main', 'e')));
    assert.doesNotMatch(key, /,/);
  });
  it('keeps the newest K runs, once each', () => {
    const runs = [1, 3, 2, 3].map((d) => runDoc({ id: `r${d}`, startedAt: `2025-01-0${d}T00:00:00.000Z` }));
    assert.deepEqual(
      newestRuns(runs, 2).map((r) => r.run.id),
      ['r3', 'r2'],
    );
  });
});
