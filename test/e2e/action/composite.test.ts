// action.yml itself, run as the Actions runner runs a composite action (test/support/composite):
// the action downloaded as a `git archive` of this repository with dist/ bundled from the current
// source and no node_modules, its steps run in order with the runner's expression semantics, the
// nested actions (cache restore/save, github-script) as stand-ins on the real libraries, against the
// local Actions cache service and GitHub API. npm installs the runtime dependency from its local
// cache (npm_config_offline), which `npm ci` of this repository filled with the same tarballs.
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commentMarker } from '../../../src/github/commentBody.js';
import { CacheServer } from '../../support/cacheServer.js';
import { ActionDownload } from '../../support/composite/actionArchive.js';
import { runComposite, type CompositeRun } from '../../support/composite/runComposite.js';
import { REPO_ROOT } from '../../support/freshDist.js';
import { GITHUB_ACTIONS_USER, GitHubServer } from '../../support/githubServer.js';
import { node24 } from '../../support/node24.js';

const RUNTIME_TOKEN = 'runtime-token-composite';
const GH_TOKEN = 'ghs_compositeToken0123456789';
const CONFIG = 'perf/fake-engine.perf-gate.yml';
const ONNX_CONFIG = 'perf/onnx.perf-gate.yml';
const PR = 42;

let root: string;
let workspace: string;
let toolCache: string;
let jobBin: string;
let action: ActionDownload;
let cacheService: CacheServer;
let github: GitHubServer;
let runId = 1000;

function writeWorkspace(): void {
  mkdirSync(path.join(workspace, 'perf'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'fixtures/action/fake-engine.perf-gate.yml'), path.join(workspace, CONFIG));
  cpSync(path.join(REPO_ROOT, 'fixtures/engines'), path.join(workspace, 'engines'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'fixtures/models/gpt2-tiny'), path.join(workspace, 'models'), { recursive: true });
  const onnx = `version: 1
protocol: { warmup: 1, iterations: 3, max_new_tokens: 8, prompt_tokens: 4 }
benchmarks:
  - name: tiny int4
    engine: onnxruntime
    options: { model: ../models/model_int4.onnx, intra_op_threads: 1 }
`;
  writeFileSync(path.join(workspace, ONNX_CONFIG), onnx);
}

interface Job {
  event: 'push' | 'pull_request';
  inputs: Record<string, string>;
  env?: Record<string, string>;
}

async function job({ event, inputs, env = {} }: Job): Promise<CompositeRun> {
  const actionPath = action.download();
  const temp = mkdtempSync(path.join(root, 'runner-temp-'));
  const push = event === 'push';
  const eventPath = path.join(REPO_ROOT, 'fixtures/events', `${event}.json`);
  const github_ = {
    event_name: event,
    event_path: eventPath,
    event: JSON.parse(readFileSync(eventPath, 'utf8')) as unknown,
    ref: push ? 'refs/heads/main' : `refs/pull/${PR}/merge`,
    sha: push ? '2'.repeat(40) : '6'.repeat(40),
    repository: 'acme/llm',
    workspace,
    token: GH_TOKEN,
    run_id: String(++runId),
    run_attempt: '1',
    api_url: github.url,
    server_url: 'https://github.com',
  };
  return runComposite(actionPath, inputs, {
    github: github_,
    runner: {
      os: 'Linux',
      arch: 'X64',
      name: 'gpu-runner-1',
      temp,
      tool_cache: toolCache,
      debug: '',
      environment: 'self-hosted',
    },
    env: {
      PATH: [jobBin, '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
      HOME: os.homedir(),
      LANG: 'C.UTF-8',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'acme/llm',
      GITHUB_REF: github_.ref,
      GITHUB_SHA: github_.sha,
      GITHUB_RUN_ID: github_.run_id,
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_WORKSPACE: workspace,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      ...(push ? {} : { GITHUB_HEAD_REF: 'kv-layout', GITHUB_BASE_REF: 'main' }),
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_TEMP: temp,
      RUNNER_TOOL_CACHE: toolCache,
      RUNNER_ENVIRONMENT: 'self-hosted',
      // The test machine reaches no registry for this: npm installs from its local cache.
      npm_config_offline: 'true',
      ...env,
    },
    runtimeEnv: {
      ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
      ACTIONS_RESULTS_URL: cacheService.url,
      ACTIONS_CACHE_SERVICE_V2: 'True',
    },
  });
}

const outcome = (run: CompositeRun, name: RegExp) => run.steps.find((s) => name.test(s.name))?.outcome;
const explain = (run: CompositeRun) => run.log.slice(-6000);
const ourComments = () => (github.comments.get(PR) ?? []).filter((c) => c.user.login === GITHUB_ACTIONS_USER.login);

describe('action.yml run as a runner runs it, from a git archive', { concurrency: false }, () => {
  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'lpg-composite-'));
    workspace = path.join(root, 'work', 'llm', 'llm');
    toolCache = path.join(root, 'tool-cache');
    jobBin = path.join(root, 'bin');
    mkdirSync(workspace, { recursive: true });
    mkdirSync(toolCache);
    mkdirSync(jobBin);
    // The runner's PATH has a Node 24 (the case of a runner image that ships one).
    symlinkSync(node24(), path.join(jobBin, 'node'));
    writeWorkspace();
    action = new ActionDownload(path.join(root, 'work', '_actions', 'acme', 'llm-perf-gate', 'v1'));
    cacheService = await new CacheServer({ token: RUNTIME_TOKEN }).start();
    github = await new GitHubServer({ tokens: { [GH_TOKEN]: 'installation' } }).start();
  });
  after(async () => {
    await cacheService?.stop();
    await github?.stop();
    action?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('push: installs only onnxruntime-node for this platform, caches it, saves the baseline', async () => {
    const run = await job({ event: 'push', inputs: { config: CONFIG } });
    assert.equal(run.conclusion, 'success', explain(run));
    assert.equal(outcome(run, /^Install onnxruntime-node/), 'success');
    assert.equal(outcome(run, /^Save the runtime dependency/), 'success');
    assert.equal(outcome(run, /^Check that onnxruntime runs on CUDA/), 'skipped');
    assert.equal(run.outputs.new, '2');
    assert.equal(run.outputs.gate, 'passed');
    assert.match(run.summary, /saved this run to the baseline of `main` \(1 run\(s\) kept\)/);
    // Production dependencies only: onnxruntime-node and what it needs, this platform's binaries only.
    const modules = path.join(action.actionPath, 'node_modules');
    assert.ok(readdirSync(modules).includes('onnxruntime-node'));
    assert.ok(!existsSync(path.join(modules, '@actions')), 'dist/ bundles the toolkit: it is not installed');
    assert.deepEqual(readdirSync(path.join(modules, 'onnxruntime-node/bin/napi-v6')), [process.platform]);
    assert.deepEqual(readdirSync(path.join(modules, 'onnxruntime-node/bin/napi-v6', process.platform)), [process.arch]);
    // The workflow's later steps keep their PATH and environment.
    assert.deepEqual([run.jobPath, run.jobEnv], [[], {}]);
    assert.match(run.log, /Using Node\.js v2\d\.\d+\.\d+ at .* \(on PATH\)/);
    assert.ok(cacheService.keys().some((k) => k.startsWith('llm-perf-gate-runtime-Linux-X64-cudafalse-')));
    for (let i = 0; i < 2; i++) {
      const again = await job({ event: 'push', inputs: { config: CONFIG } });
      assert.equal(again.conclusion, 'success', explain(again));
      assert.equal(outcome(again, /^Install onnxruntime-node/), 'skipped', 'restored from the cache');
      assert.match(again.summary, new RegExp(`\\(${i + 2} run\\(s\\) kept\\)`), again.summary.slice(-1500));
    }
    assert.equal(github.requests.filter((r) => r.method !== 'GET').length, 0, 'a push comments nowhere');
  });

  it('the restored runtime runs the onnxruntime engine (CPU), recording the provider that ran it', async () => {
    const run = await job({
      event: 'pull_request',
      inputs: { config: ONNX_CONFIG, comment: 'false', 'fail-on': 'never' },
    });
    assert.equal(run.conclusion, 'success', explain(run));
    assert.equal(outcome(run, /^Restore the runtime dependency/), 'success');
    assert.equal(outcome(run, /^Install onnxruntime-node/), 'skipped');
    const result = JSON.parse(readFileSync(run.outputs['results-path']!, 'utf8')) as {
      benchmarks: { status: string; engine_info: Record<string, unknown> }[];
    };
    assert.equal(result.benchmarks[0]?.status, 'ok', JSON.stringify(result.benchmarks[0]).slice(0, 500));
    assert.match(String(result.benchmarks[0]?.engine_info.provider_kernels), /^CPUExecutionProvider \d+$/);
  });

  it('pull request: compares with main, creates the sticky comment, then updates it; a slow-down fails the job', async () => {
    const first = await job({ event: 'pull_request', inputs: { config: CONFIG } });
    assert.equal(first.conclusion, 'success', explain(first));
    assert.match(first.summary, /Baseline: 3 result files of `main`/);
    assert.equal(ourComments().length, 1);
    assert.ok(ourComments()[0]?.body.startsWith(commentMarker(CONFIG)));
    const id = ourComments()[0]?.id;

    const slow = await job({ event: 'pull_request', inputs: { config: CONFIG }, env: { FAKE_ENGINE_SLOWDOWN: '1.5' } });
    assert.equal(slow.conclusion, 'failure', explain(slow));
    assert.equal(slow.outputs.gate, 'failed');
    assert.equal(slow.outputs.verdict, 'regression');
    assert.match(slow.log, /::error::performance gate failed \(fail-on: regression\)/);
    assert.deepEqual(
      ourComments().map((c) => c.id),
      [id],
      'the same comment, updated',
    );
    assert.match(ourComments()[0]?.body ?? '', /perf-regression-accepted/);
    assert.equal(cacheService.keys().filter((k) => k.startsWith('llm-perf-gate-baseline-v1/')).length, 3);
  });

  it('report mode installs nothing', async () => {
    mkdirSync(path.join(workspace, 'shards'), { recursive: true });
    const earlier = path.join(root, 'runner-temp-');
    // The earliest job's results (a push of main): readdir order is arbitrary, and the slowed PR
    // job's results would make this job gate a regression.
    const results = readdirSync(root)
      .filter((n) => n.startsWith(path.basename(earlier)))
      .map((n) => path.join(root, n, 'llm-perf-gate', 'perf_fake-engine.perf-gate.yml', 'results.json'))
      .filter((f) => existsSync(f))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)[0];
    assert.ok(results, 'a results.json of an earlier job');
    cpSync(results, path.join(workspace, 'shards', 'results.json'));
    const run = await job({ event: 'pull_request', inputs: { config: CONFIG, mode: 'report', results: 'shards' } });
    assert.equal(run.conclusion, 'success', explain(run));
    for (const step of [/^Key the runtime/, /^Restore the runtime/, /^Install onnxruntime-node/, /^Save the runtime/])
      assert.equal(outcome(run, step), 'skipped', String(step));
    assert.ok(!existsSync(path.join(action.actionPath, 'node_modules')));
  });

  it('every request matched the OpenAPI description and the cache protocol', () => {
    assert.deepEqual(github.violations, []);
    assert.deepEqual(cacheService.violations, []);
  });
});
