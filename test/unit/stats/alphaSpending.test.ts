import assert from 'node:assert/strict';
import { test } from 'node:test';
import { powerSpent, spentAtLooks, SPENDING_POWER } from '../../../src/stats/alphaSpending.js';

void test('the power family spends alpha·τ^3: little early, all of it at the end of the budget', () => {
  assert.equal(SPENDING_POWER, 3);
  assert.equal(powerSpent(0.02, 0), 0);
  assert.ok(Math.abs(powerSpent(0.02, 0.5) - 0.0025) < 1e-15);
  assert.equal(powerSpent(0.02, 1), 0.02);
  assert.equal(powerSpent(0.02, 1.4), 0.02, 'a look past the budget spends no more than alpha');
});

void test('the last look the budget allows spends what is left, whatever share of the budget it used', () => {
  const looks = { fractions: [0.25, 0.5, 0.7], information: [4, 8, 12] };
  const open = spentAtLooks(0.02, { ...looks, final: false });
  assert.deepEqual(
    open.map((x) => +x.toFixed(8)),
    [0.0003125, 0.0025, 0.00686],
  );
  assert.equal(spentAtLooks(0.02, { ...looks, final: true }).at(-1), 0.02);
});
