// Issue 15, "False memory regressions": host RSS is informational unless the user opts in, and a
// memory change needs as many candidate runs as a throughput change before it is a verdict.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configsNeedingMoreSamples } from '../../../src/stats/adaptive.js';
import { compareRuns, DEFAULT_CONFIRMATION_RUNS } from '../../../src/stats/compareRuns.js';
import { bench, doc, gate } from '../../support/statsDocs.js';

const mk = (mib: number, rounds = 1) => {
  const d = doc([bench({ name: 'tiny', e2e: [100, 101, 99, 100], memoryMib: mib })]);
  const b = d.benchmarks[0]!;
  // Later rounds are separate processes: their samples and memory peaks carry the round.
  for (let r = 1; r < rounds; r++) {
    b.iterations.push(...b.iterations.slice(0, 4).map((s) => ({ ...s, round: r })));
    b.memory.push({ metric: 'host_rss_peak_mib', value_mib: mib, source: 'test', round: r });
  }
  return d;
};
const base = [mk(500), mk(502), mk(500)];
const hostRss = (c: ReturnType<typeof compareRuns>) =>
  c.configs[0]!.metrics.find((m) => m.metric === 'host_rss_peak_mib')!;

describe('memory verdicts', () => {
  it('host RSS does not gate by default; it does when the user opts in', () => {
    const three = [mk(700), mk(700), mk(700)];
    const informational = compareRuns(base, three, { gate: gate() });
    assert.equal(hostRss(informational).verdict, 'regression');
    assert.equal(hostRss(informational).gating, false);
    assert.notEqual(informational.configs[0]!.verdict, 'regression');
    const opted = compareRuns(base, three, { gate: gate({ metrics: { host_rss_peak_mib: { gate: true } } }) });
    assert.equal(hostRss(opted).gating, true);
    assert.equal(opted.configs[0]!.verdict, 'regression');
  });

  it('one run showing +40% is inconclusive, awaiting confirmation; three runs (rounds) confirm it', () => {
    const g = gate({ metrics: { host_rss_peak_mib: { gate: true } } });
    const one = hostRss(compareRuns(base, [mk(700)], { gate: g }));
    assert.equal(one.verdict, 'inconclusive');
    assert.equal(one.awaitingConfirmation, true);
    assert.match(String(one.note), new RegExp(`needs ${DEFAULT_CONFIRMATION_RUNS} candidate runs to confirm`));
    assert.equal(hostRss(compareRuns(base, [mk(700, 3)], { gate: g })).verdict, 'regression');
  });

  it('the adaptive sampler asks for more runs while a memory change awaits confirmation', () => {
    const g = gate({ metrics: { host_rss_peak_mib: { gate: true } } });
    assert.deepEqual(configsNeedingMoreSamples(compareRuns(base, [mk(700)], { gate: g })), ['tiny']);
    assert.deepEqual(configsNeedingMoreSamples(compareRuns(base, [mk(700, 3)], { gate: g })), []);
  });
});
