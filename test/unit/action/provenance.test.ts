// The stored-baseline path fills Comparison.baseline: which store, found / none / unavailable /
// refused, why, and the newest run's commit and time, so the report can say why there is no
// baseline. Pure function first, then through the action with stores that answer each way.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../../src/action/runAction.js';
import type { ActionIO } from '../../../src/action/io.js';
import { baselineProvenance } from '../../../src/baseline/provenance.js';
import type { BaselineLoad, BaselineStore } from '../../../src/baseline/store.js';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { evaluate, type GateEvaluation } from '../../../src/report/evaluate.js';
import { readResult } from '../../../src/result/readResult.js';
import type { ResultDoc } from '../../../src/result/schema.js';
import { writeResult } from '../../../src/result/writeResult.js';
import { runDoc } from '../../support/actionDocs.js';
import { REPO_ROOT } from '../../support/freshDist.js';

const withCommit = (doc: ResultDoc, sha: string): ResultDoc => ({ ...doc, run: { ...doc.run, git: { sha } } });

describe('baselineProvenance', () => {
  it('found: the newest run is the first of the window', () => {
    const runs = [withCommit(runDoc({ id: 'b', startedAt: '2025-02-02T00:00:00.000Z' }), 'b'.repeat(40))];
    assert.deepEqual(baselineProvenance('actions-cache', { runs, problems: [], source: 'actions cache k' }), {
      store: 'actions-cache',
      status: 'found',
      reason: 'actions cache k',
      newest: { commit: 'b'.repeat(40), createdAt: '2025-02-02T00:00:00.000Z' },
    });
  });
  it('none and unavailable carry the store\'s reason; a policy makes it "refused"', () => {
    const miss: BaselineLoad = { runs: [], problems: [], note: 'cache miss for branch "main"' };
    assert.deepEqual(baselineProvenance('actions-cache', miss), {
      store: 'actions-cache',
      status: 'none',
      reason: 'cache miss for branch "main"',
    });
    const down: BaselineLoad = { runs: [], problems: [], unavailable: true, note: 'the service failed' };
    assert.equal(baselineProvenance('actions-cache', down).status, 'unavailable');
    const other = { runs: [runDoc({ id: 'x', startedAt: '2025-01-01T00:00:00.000Z' })], problems: [] };
    assert.deepEqual(baselineProvenance('file', other, 'another environment').status, 'refused');
  });
});

describe('the action fills Comparison.baseline', () => {
  const io: ActionIO = {
    info: () => {},
    notice: () => {},
    warning: () => {},
    error: () => {},
    setOutput: () => {},
    setSecret: () => {},
    writeSummary: async () => {},
  };
  async function comparisonWith(load: BaselineLoad) {
    const evaluations: GateEvaluation[] = [];
    const store: BaselineStore = {
      kind: 'actions-cache',
      load: async () => load,
      save: async () => ({ saved: false, kept: 0 }),
    };
    const outcome = await run({
      env: {
        GITHUB_REPOSITORY: 'acme/llm',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: path.join(REPO_ROOT, 'fixtures/events/pull_request.json'),
        GITHUB_REF: 'refs/pull/42/merge',
        GITHUB_WORKSPACE: REPO_ROOT,
        GITHUB_API_URL: '',
        RUNNER_TEMP: mkdtempSync(path.join(os.tmpdir(), 'lpg-provenance-')),
        INPUT_CONFIG: 'fixtures/action/fake-engine.perf-gate.yml',
      },
      io,
      pipeline: {
        loadConfig,
        runBenchmarks: (async () =>
          runDoc({ id: 'cand', startedAt: '2025-03-01T00:00:00.000Z', names: ['fake small'] })) as never,
        evaluate: (input) => {
          const e = evaluate(input);
          evaluations.push(e);
          return e;
        },
        readResult,
        writeResult,
      },
      createStore: () => store,
    });
    assert.equal(outcome.failed, false, outcome.message);
    return evaluations[0]?.comparison.baseline;
  }

  it('a cache miss is "none" with the reason', async () => {
    const reason = 'cache miss for branch "main" (entries unused for 7 days are evicted)';
    assert.deepEqual(await comparisonWith({ runs: [], problems: [], note: reason }), {
      store: 'actions-cache',
      status: 'none',
      reason,
    });
  });
  it('a failed service is "unavailable"', async () => {
    const b = await comparisonWith({ runs: [], problems: [], unavailable: true, note: 'the service failed: 502' });
    assert.deepEqual([b?.status, b?.reason], ['unavailable', 'the service failed: 502']);
  });
  it('found runs name the newest commit', async () => {
    const doc = withCommit(
      runDoc({ id: 'base', startedAt: '2025-02-01T00:00:00.000Z', names: ['fake small'] }),
      'c'.repeat(40),
    );
    const b = await comparisonWith({ runs: [doc], problems: [], source: 'actions cache k' });
    assert.deepEqual(b, {
      store: 'actions-cache',
      status: 'found',
      reason: 'actions cache k',
      newest: { commit: 'c'.repeat(40), createdAt: '2025-02-01T00:00:00.000Z' },
    });
  });
});
