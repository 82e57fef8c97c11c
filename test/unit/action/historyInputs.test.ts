// The git-branch store's inputs, the dashboard address and the baseline provenance: pure parts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dashboardUrl } from '../../../src/action/history.js';
import { parseInputs } from '../../../src/action/parseInputs.js';
import type { RunEvent } from '../../../src/action/event.js';
import { baselineProvenance } from '../../../src/baseline/provenance.js';
import { runDoc } from '../../support/actionDocs.js';

const event: RunEvent = { name: 'push', owner: 'Acme', repo: 'llm', runId: '1', runAttempt: '1' };

describe('store inputs', () => {
  it('default to the Actions cache, branch perf-data, no dashboard', () => {
    const i = parseInputs({});
    assert.deepEqual([i.baselineStore, i.dataBranch, i.dashboard], ['cache', 'perf-data', { dir: 'perf' }]);
  });
  it('read the branch store and its dashboard', () => {
    const i = parseInputs({
      INPUT_BASELINE_STORE: 'branch',
      INPUT_DATA_BRANCH: 'bench/data',
      INPUT_DASHBOARD_BRANCH: 'gh-pages',
      INPUT_DASHBOARD_DIR: 'dev/bench/',
    });
    assert.deepEqual(
      [i.baselineStore, i.dataBranch, i.dashboard],
      ['branch', 'bench/data', { branch: 'gh-pages', dir: 'dev/bench' }],
    );
  });
  it('name the input in every error', () => {
    assert.throws(
      () => parseInputs({ INPUT_BASELINE_STORE: 'git' }),
      /input "baseline-store": expected one of cache, branch/,
    );
    assert.throws(
      () => parseInputs({ INPUT_DATA_BRANCH: 'perf data' }),
      /input "data-branch": "perf data" is not a valid git branch name/,
    );
    assert.throws(() => parseInputs({ INPUT_DATA_BRANCH: 'a..b' }), /input "data-branch"/);
    assert.throws(
      () => parseInputs({ INPUT_DASHBOARD_BRANCH: 'gh-pages' }),
      /input "dashboard-branch": needs baseline-store: branch/,
    );
    assert.throws(
      () => parseInputs({ INPUT_BASELINE_STORE: 'branch', INPUT_BASELINE_FILE: 'base.json' }),
      /input "baseline-store": cannot be "branch" together with baseline-file/,
    );
    assert.throws(
      () => parseInputs({ INPUT_BASELINE_STORE: 'branch', INPUT_DASHBOARD_DIR: '../site' }),
      /input "dashboard-dir": expected a folder inside the branch/,
    );
    assert.throws(
      () => parseInputs({ INPUT_DASHBOARD_URL: 'pages/perf' }),
      /input "dashboard-url": expected an http\(s\) URL/,
    );
  });
});

describe('dashboardUrl', () => {
  const inputs = (env: Record<string, string>) => parseInputs({ INPUT_BASELINE_STORE: 'branch', ...env });
  it('is GitHub Pages’ address of the site branch on github.com', () => {
    assert.equal(
      dashboardUrl(inputs({ INPUT_DASHBOARD_BRANCH: 'gh-pages' }), event, {}),
      'https://acme.github.io/llm/perf/',
    );
    assert.equal(
      dashboardUrl(
        inputs({ INPUT_DASHBOARD_BRANCH: 'gh-pages', INPUT_DASHBOARD_DIR: '.' }),
        { ...event, repo: 'acme.github.io' },
        {},
      ),
      'https://acme.github.io/',
    );
  });
  it('is the given address, or none where Pages’ address cannot be known', () => {
    const given = inputs({ INPUT_DASHBOARD_URL: 'https://perf.example.com/llm/' });
    assert.equal(
      dashboardUrl(given, event, { GITHUB_SERVER_URL: 'https://ghe.example.com' }),
      'https://perf.example.com/llm/',
    );
    assert.equal(
      dashboardUrl(inputs({ INPUT_DASHBOARD_BRANCH: 'gh-pages' }), event, {
        GITHUB_SERVER_URL: 'https://ghe.example.com',
      }),
      undefined,
    );
    assert.equal(dashboardUrl(inputs({}), event, {}), undefined);
  });
});

describe('baselineProvenance', () => {
  it('names the store, the newest run’s commit and time, or why there is none', () => {
    const doc = runDoc({ id: 'r1', startedAt: '2025-01-02T10:00:00.000Z' });
    const run = { ...doc, run: { ...doc.run, git: { sha: 'abc' } } };
    assert.deepEqual(baselineProvenance('git-branch', { runs: [run], problems: [], source: 'git branch perf-data' }), {
      store: 'git-branch',
      status: 'found',
      reason: 'git branch perf-data',
      newest: { commit: 'abc', createdAt: '2025-01-02T10:00:00.000Z' },
    });
    assert.deepEqual(baselineProvenance('git-branch', { runs: [], problems: [], note: 'no runs yet' }), {
      store: 'git-branch',
      status: 'none',
      reason: 'no runs yet',
    });
    assert.equal(
      baselineProvenance('actions-cache', { runs: [], problems: [], unavailable: true }).status,
      'unavailable',
    );
    assert.equal(baselineProvenance('file', { runs: [], problems: [] }).store, 'files');
  });
});
