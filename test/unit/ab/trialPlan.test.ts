import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { residency, rotationGroups, startOrder, trialOrder, workerIds } from '../../../src/ab/trialPlan.ts';
import { stopReason } from '../../../src/ab/stopRule.ts';
import type { TrialAnalysis } from '../../../src/trials/analysis.ts';

describe('trial plan', () => {
  const ids = workerIds(3);
  it('names W workers a side', () => {
    assert.deepEqual(ids, ['base-1', 'base-2', 'base-3', 'head-1', 'head-2', 'head-3']);
  });

  it('shuffles every trial from the seed alone: replayable, each worker once, no side always first', () => {
    const orders = Array.from({ length: 200 }, (_, t) => trialOrder(ids, 42, t));
    for (const o of orders) assert.deepEqual([...o].sort(), ids);
    assert.deepEqual(trialOrder(ids, 42, 17), orders[17]);
    assert.notDeepEqual(trialOrder(ids, 43, 17), orders[17]);
    const firstBase = orders.filter((o) => o[0]!.startsWith('base')).length;
    assert.ok(firstBase > 70 && firstBase < 130, `base first in ${firstBase} of 200`);
    const firsts = new Set(Array.from({ length: 50 }, (_, e) => startOrder(ids, 42, e)[0]));
    assert.equal(firsts.size, 6, 'every worker starts first in some epoch');
  });

  it('fits as many workers as the free memory allows, in balanced rotation groups', () => {
    assert.deepEqual(residency(3), {
      resident: 6,
      rotated: false,
      reason: 'all 6 workers resident (no device memory limit measured)',
    });
    assert.equal(residency(3, 15_000, 120_000).rotated, false);
    const tight = residency(3, 15_000, 50_000);
    assert.deepEqual([tight.resident, tight.rotated], [4, true]);
    assert.match(tight.reason, /only 4 of 6 workers fit .*15000 MiB.*50000 MiB free/);
    assert.deepEqual(residency(3, 15_000, 1_000).resident, 2);
    assert.deepEqual(rotationGroups(ids, 4), [
      ['base-1', 'base-2', 'head-1', 'head-2'],
      ['base-3', 'head-3'],
    ]);
    assert.deepEqual(rotationGroups(ids, 2), [
      ['base-1', 'head-1'],
      ['base-2', 'head-2'],
      ['base-3', 'head-3'],
    ]);
  });
});

describe('stop rule', () => {
  const a = (decided: boolean) => ({ decided }) as TrialAnalysis;
  const base = { trials: 8, elapsedS: 100, budgetS: 600, nextBlockS: 50, maxTrials: 500 };
  it('stops when every gated metric is decided, and not before', () => {
    assert.equal(stopReason({ ...base, gated: [a(true), a(true)] }), 'decided');
    assert.equal(stopReason({ ...base, gated: [a(true), a(false)] }), undefined);
    assert.equal(stopReason({ ...base, gated: [] }), undefined);
  });
  it('stops before a block that would overrun the budget, and at the trial cap', () => {
    assert.equal(stopReason({ ...base, gated: [a(false)], elapsedS: 560 }), 'budget-time');
    assert.equal(stopReason({ ...base, gated: [a(false)], trials: 500 }), 'budget-trials');
  });
  it('runs --trials N to the end whatever the analyses say, within the budget', () => {
    assert.equal(stopReason({ ...base, gated: [a(true)], fixedTrials: 30 }), undefined);
    assert.equal(stopReason({ ...base, gated: [a(false)], fixedTrials: 8 }), 'fixed-trials');
    assert.equal(stopReason({ ...base, gated: [a(false)], fixedTrials: 30, elapsedS: 590 }), 'budget-time');
  });
});
