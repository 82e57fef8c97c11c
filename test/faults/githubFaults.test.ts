// The action, in this process, against a local GitHub API that fails while the comment is posted
// (issue 15): the results file and the job summary are still written and the step ends by the gate,
// never by a crash. The comment and the summary name no absolute path of the runner.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../src/action/runAction.ts';
import type { ActionIO } from '../../src/action/io.ts';
import { parseResult } from '../../src/result/readResult.ts';
import { GITHUB_ACTIONS_USER, GitHubServer } from '../support/githubServer.ts';
import { ROOT } from '../support/cliProcess.ts';

const TOKEN = 'ghs_faultsToken0123456789';
const FAKE = path.join(ROOT, 'fixtures/engines/fake-subprocess.mjs');
let github: GitHubServer;
let workspace: string;

interface Captured {
  readonly io: ActionIO;
  readonly summary: string[];
  readonly warnings: string[];
  readonly outputs: Record<string, string>;
}

function capture(): Captured {
  const summary: string[] = [];
  const warnings: string[] = [];
  const outputs: Record<string, string> = {};
  return {
    summary,
    warnings,
    outputs,
    io: {
      info: () => undefined,
      notice: () => undefined,
      warning: (m) => void warnings.push(m),
      error: () => undefined,
      setOutput: (n, v) => void (outputs[n] = v),
      setSecret: () => undefined,
      writeSummary: async (md) => void summary.push(md),
    },
  };
}

function env(apiUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: path.join(ROOT, 'fixtures/events/pull_request.json'),
    GITHUB_REPOSITORY: 'acme/llm',
    GITHUB_REF: 'refs/pull/42/merge',
    GITHUB_SHA: '6'.repeat(40),
    GITHUB_WORKSPACE: workspace,
    GITHUB_API_URL: apiUrl,
    RUNNER_TEMP: path.join(workspace, '..', 'runner-temp'),
    RUNNER_ENVIRONMENT: 'github-hosted',
    INPUT_CONFIG: 'perf-gate.yml',
    'INPUT_GITHUB-TOKEN': TOKEN,
    'INPUT_BASELINE-FILE': 'baseline-runs',
    'INPUT_OUTPUT-DIR': 'out',
  };
}

describe('GitHub API faults while the comment is posted', { timeout: 120_000 }, () => {
  before(async () => {
    github = await new GitHubServer({ tokens: { [TOKEN]: 'installation' } }).start();
    workspace = mkdtempSync(path.join(os.tmpdir(), 'lpg-ghfault-ws-'));
    mkdirSync(path.join(workspace, 'baseline-runs'));
    writeFileSync(
      path.join(workspace, 'perf-gate.yml'),
      `protocol: { iterations: 3, max_new_tokens: 5, prompt_tokens: 4 }
benchmarks:
  - name: fast
    engine: command
    options: { run: ['${process.execPath}', '${FAKE}'], env: { FAKE_MODE: good } }
  - name: missing model
    engine: onnxruntime
    options: { model: models/missing.onnx }
`,
    );
  });
  after(async () => {
    await github.stop();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(path.join(workspace, '..', 'runner-temp'), { recursive: true, force: true });
  });

  const cases: { name: string; fault: () => void }[] = [
    {
      name: 'persistent 500s on creating the comment (retries exhausted)',
      fault: () =>
        github.faults.push({
          route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
          status: 500,
          times: 20,
        }),
    },
    {
      name: '404 on listing the comments',
      fault: () =>
        github.faults.push({
          route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
          status: 404,
          times: 20,
        }),
    },
  ];
  for (const c of cases) {
    it(`${c.name}: results and summary written, a warning, no crash`, async () => {
      c.fault();
      const got = capture();
      const outcome = await run({ env: env(github.url), io: got.io });
      github.faults.length = 0;
      assert.equal(typeof outcome.failed, 'boolean');
      const results = path.join(workspace, 'out', 'results.json');
      assert.ok(existsSync(results));
      assert.equal(parseResult(readFileSync(results, 'utf8'), results).benchmarks.length, 2);
      assert.equal(got.outputs['results-path'], results);
      assert.match(got.summary.join('\n'), /### llm-perf-gate/);
      assert.match(got.warnings.join('\n'), /could not post the PR comment/);
      assert.equal((github.comments.get(42) ?? []).length, 0);
    });
  }

  it('without faults the comment is posted, naming no absolute path of the runner', async () => {
    const got = capture();
    await run({ env: env(github.url), io: got.io });
    const comments = (github.comments.get(42) ?? []).filter((x) => x.user.login === GITHUB_ACTIONS_USER.login);
    assert.equal(comments.length, 1);
    const body = comments[0]!.body;
    assert.match(body, /model \.\/models\/missing\.onnx: file not found/);
    assert.ok(!body.includes(workspace), 'the workspace path is in the comment');
    assert.ok(!got.summary.join('\n').includes(workspace), 'the workspace path is in the summary');
  });
});
