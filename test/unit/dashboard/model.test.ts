// The dashboard's model and markup, from hand-made store snapshots: pure, no browser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommitRecord, ConfigSummary } from '../../../src/baseline/gitBranch/historySchema.js';
import { buildDashboardModel } from '../../../src/dashboard/model.js';
import type { StoredSeries, StoreSnapshot } from '../../../src/dashboard/readStore.js';
import { renderDashboard } from '../../../src/dashboard/render.js';

const assets = { uplotJs: '/*uplot*/', uplotCss: '', appJs: '/*app*/', appCss: '' };

function config(
  name: string,
  verdict: ConfigSummary['verdict'],
  tok: number,
  extra: Partial<ConfigSummary> = {},
): ConfigSummary {
  return {
    name,
    hash: 'h1',
    labels: { model: name.split(' ')[0]!, technique: name.split(' ')[1]!, reference: 'gpt2 fp32' },
    verdict,
    n: 8,
    runs: 1,
    window: 3,
    metrics: { e2e_tok_s: [tok, tok * 0.98, tok * 1.02], torch_max_allocated_mib: [512, null, null] },
    ...extra,
  };
}

function record(i: number, configs: ConfigSummary[], accepted = false): CommitRecord {
  return {
    commit: `${i}`.repeat(40).slice(0, 40),
    time: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
    run_ids: [`r${i}`],
    ...(accepted ? { accepted } : {}),
    configs,
  };
}

function series(branch: string, machine: string, records: CommitRecord[]): StoredSeries {
  return {
    key: { configHash: 'cfg', branch, environmentHash: machine },
    header: {
      format: 'llm-perf-gate.history',
      version: 1,
      config_hash: 'cfg',
      config_path: 'perf-gate.yml',
      branch,
      environment: { hash: machine, machine },
    },
    records,
    runs: [],
  };
}

const main = series('main', 'H200', [
  record(1, [config('gpt2 fp32', 'new', 96), config('gpt2 int8', 'new', 33)]),
  record(2, [config('gpt2 fp32', 'unchanged', 95), config('gpt2 int8', 'regression', 25)]),
  record(3, [config('gpt2 fp32', 'regression', 80), config('gpt2 int8', 'unchanged', 25, { hash: 'h2' })], true),
  record(4, [config('gpt2 fp32', 'improvement', 97), config('gpt2 int8', 'failed', 0, { hash: 'h2', metrics: {} })]),
]);
const snapshot: StoreSnapshot = {
  meta: { format: 'llm-perf-gate.store', version: 1, repository: 'https://github.com/acme/llm' },
  series: [main, series('release', 'A100', [record(2, [config('gpt2 fp32', 'new', 60)])])],
  size: { files: 5, bytes: 12_345 },
  problems: [],
};
const now = new Date('2025-02-01T00:00:00Z');

describe('buildDashboardModel', () => {
  const model = buildDashboardModel(snapshot, { maxCommits: 100, now });
  it('makes one card per benchmark and series, sharing one commit table', () => {
    assert.deepEqual(
      model.cards.map((c) => `${c.name}@${c.branch}`),
      ['gpt2 fp32@main', 'gpt2 int8@main', 'gpt2 fp32@release'],
    );
    assert.equal(model.commits.length, 4, 'commit 2 of main and release is one commit');
    assert.equal(model.repository, 'https://github.com/acme/llm');
  });
  it('keeps verdicts, intervals, settings changes and gaps per point', () => {
    const [fp32, int8] = model.cards;
    assert.equal(fp32!.verdicts, 'nurp');
    assert.deepEqual(
      fp32!.tokLo.map((v) => v?.toFixed(1)),
      ['94.1', '93.1', '78.4', '95.1'],
    );
    assert.equal(fp32!.memoryMetric, 'torch_max_allocated_mib');
    assert.deepEqual(int8!.settingsChanged, [2]);
    assert.deepEqual(int8!.tok.at(-1), null, 'a failed run has no value');
    assert.deepEqual([fp32!.regressions, fp32!.accepted, int8!.regressions], [0, 1, 1]);
  });
  it('lists regressions newest first with their change and acceptance', () => {
    assert.deepEqual(
      model.regressions.map((r) => [r.name, r.accepted, r.change?.toFixed(3)]),
      [
        ['gpt2 fp32', true, '-0.158'],
        ['gpt2 int8', false, '-0.242'],
      ],
    );
  });
  it('offers filters for labels with more than one value, never the reference label', () => {
    assert.deepEqual(
      model.filters.map((f) => [f.key, f.values]),
      [
        ['technique', ['fp32', 'int8']],
        ['branch', ['main', 'release']],
        ['machine', ['A100', 'H200']],
      ],
    );
  });
  it('draws only the newest commits when asked, and says so', () => {
    const short = buildDashboardModel(snapshot, { maxCommits: 2, now });
    assert.equal(short.cards[0]!.x.length, 2);
    assert.deepEqual(short.truncated, { shown: 2, total: 4 });
  });
});

describe('renderDashboard', () => {
  it('escapes names and labels from the config, in markup and in the inlined data', () => {
    const hostile = '<img src=x onerror=alert(1)></script>';
    const bad = series('main', 'H200', [record(1, [config(`x ${hostile}`, 'new', 10)])]);
    const html = renderDashboard(buildDashboardModel({ ...snapshot, series: [bad] }, { maxCommits: 10, now }), assets);
    assert.ok(!html.includes('<img'), 'no element from a name');
    assert.equal(html.match(/<\/script>/g)?.length, 3, 'only the three script elements close');
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;&lt;\/script&gt;/);
  });
  it('inlines the assets and references nothing outside the file', () => {
    const html = renderDashboard(buildDashboardModel(snapshot, { maxCommits: 10, now }), assets);
    assert.ok(html.includes('/*uplot*/') && html.includes('/*app*/'));
    assert.doesNotMatch(html, /<(script|link)[^>]+(src|href)=/i);
  });
});
