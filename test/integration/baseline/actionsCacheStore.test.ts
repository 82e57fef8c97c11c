// The Actions cache baseline store against a local cache service on 127.0.0.1, through the
// unmodified @actions/cache (Twirp JSON calls, Azure blob PUT, signed GET, tar + zstd).
import * as cache from '@actions/cache';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ActionsCacheStore, CACHE_DIR } from '../../../src/baseline/actionsCacheStore.js';
import { branchPrefix } from '../../../src/baseline/cacheKey.js';
import { writeResult } from '../../../src/result/writeResult.js';
import { runDoc } from '../../support/actionDocs.js';
import { CacheServer } from '../../support/cacheServer.js';
import { closedPort } from '../../support/localActionServices.js';

const TOKEN = 'runtime-token-for-tests';
let server: CacheServer;
let workspace: string;

function store(runId: string): ActionsCacheStore {
  return new ActionsCacheStore({ workspace, runId, runAttempt: '1' });
}
const query = (extra: Partial<{ environmentHash: string; keep: number; branch: string }> = {}) => ({
  configHash: 'cfg1',
  branch: 'main',
  keep: 3,
  ...extra,
});

describe('ActionsCacheStore over a local cache service', () => {
  before(async () => {
    server = await new CacheServer({ token: TOKEN }).start();
    workspace = await mkdtemp(path.join(os.tmpdir(), 'lpg-ws-'));
    const temp = await mkdtemp(path.join(os.tmpdir(), 'lpg-tmp-'));
    Object.assign(process.env, {
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
      ACTIONS_RUNTIME_TOKEN: TOKEN,
      ACTIONS_CACHE_SERVICE_V2: 'True',
      ACTIONS_RESULTS_URL: server.url,
    });
    // @actions/glob resolves the relative cache folder against the working directory.
    process.chdir(workspace);
  });
  after(async () => {
    await server.stop();
    await rm(workspace, { recursive: true, force: true });
  });
  beforeEach(() => {
    process.env.ACTIONS_RESULTS_URL = server.url;
  });

  it('reports "no baseline yet" on an empty cache', async () => {
    const load = await store('0').load(query());
    assert.deepEqual(load.runs, []);
    assert.equal(load.unavailable, undefined, 'a miss, not a failure');
    assert.match(load.note ?? '', /cache miss for branch "main" and this config .*evicted/);
  });

  it('keeps the newest K runs across saves, each save a new entry', async () => {
    for (let i = 1; i <= 4; i++) {
      const saved = await store(String(i)).save(query(), [
        runDoc({ id: `run${i}`, startedAt: `2025-01-0${i}T00:00:00.000Z` }),
      ]);
      assert.equal(saved.saved, true, saved.note);
      assert.equal(saved.kept, Math.min(i, 3));
    }
    assert.equal(server.keys().length, 4);
    assert.ok(server.keys().every((k) => k.startsWith(branchPrefix('cfg1', 'main'))));
    const load = await store('x').load(query({ environmentHash: 'envA' }));
    assert.deepEqual(
      load.runs.map((r) => r.run.id),
      ['run4', 'run3', 'run2'],
    );
    assert.match(load.source ?? '', /actions cache llm-perf-gate-baseline-v1\/cfg1\/main\/envA\//);
    assert.deepEqual(server.violations, []);
  });

  it('prefers runs of the candidate fingerprint and falls back to any fingerprint', async () => {
    await store('b1').save(query(), [runDoc({ id: 'b1', startedAt: '2025-02-01T00:00:00.000Z', envHash: 'envB' })]);
    const preferA = await store('y').load(query({ environmentHash: 'envA' }));
    assert.equal(preferA.runs[0]?.environment.hash, 'envA');
    const onC = await store('y').load(query({ environmentHash: 'envC' }));
    assert.equal(onC.runs[0]?.run.id, 'b1', 'the newest window of any fingerprint, for the mismatch report');
  });

  it('does not mix branches whose names share a prefix', async () => {
    const load = await store('z').load(query({ branch: 'mai' }));
    assert.deepEqual(load.runs, []);
    const nested = await store('z').load(query({ branch: 'main/x' }));
    assert.deepEqual(nested.runs, []);
  });

  it('reports a corrupt run and uses the others', async () => {
    const dir = path.join(workspace, CACHE_DIR);
    await mkdir(dir, { recursive: true });
    await writeResult(path.join(dir, '000.json'), runDoc({ id: 'good', startedAt: '2025-03-01T00:00:00.000Z' }));
    await writeFile(path.join(dir, '001.json'), '{"format": "llm-perf-gate.result", "version": 1');
    assert.notEqual(await cache.saveCache([CACHE_DIR], `${branchPrefix('cfg1', 'dev')}envA/manual`), -1);
    await rm(dir, { recursive: true, force: true });
    const load = await store('c').load(query({ branch: 'dev' }));
    assert.deepEqual(
      load.runs.map((r) => r.run.id),
      ['good'],
    );
    assert.equal(load.problems.length, 1);
    assert.match(load.problems[0] ?? '', /001\.json is unreadable and was ignored/);
  });

  it('treats a cache service that is down as "unavailable", not as "none", and saves nothing, quickly', async () => {
    process.env.ACTIONS_RESULTS_URL = `http://127.0.0.1:${await closedPort()}/`;
    const t0 = Date.now();
    const load = await store('d').load(query());
    assert.deepEqual(load.runs, []);
    assert.equal(load.unavailable, true);
    assert.match(load.note ?? '', /the Actions cache service failed: Failed to restore: .*ECONNREFUSED/);
    const saved = await store('d').save(query(), [runDoc({ id: 'd', startedAt: '2025-04-01T00:00:00.000Z' })]);
    assert.equal(saved.saved, false);
    assert.match(saved.note ?? '', /the stored window could not be read/);
    assert.ok(Date.now() - t0 < 10_000, 'connection refused is not retried for long');
  });

  it('says so when the step has no cache service variables', async () => {
    delete process.env.ACTIONS_RESULTS_URL;
    const load = await store('e').load(query());
    assert.equal(load.unavailable, true);
    assert.match(load.note ?? '', /not available/);
  });
});
