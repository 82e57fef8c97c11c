import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  currentBoundary,
  obrienFlemingSpent,
  spendingBoundaries,
  spendingHalfWidth,
  spentAtLooks,
} from '../../../src/stats/alphaSpending.js';
import { normalQuantile } from '../../../src/stats/distributions.js';
import { mulberry32 } from '../../../src/util/prng.js';

const FIVE = [0.2, 0.4, 0.6, 0.8, 1];

void test('five equally spaced looks reproduce the published Lan-DeMets O’Brien-Fleming boundaries', () => {
  // ldbounds::bounds(seq(0.2, 1, 0.2), iuse = 1, alpha = 0.025) on each side: 4.8769 3.3569 2.6803 2.2898 2.0310.
  const bounds = spendingBoundaries(
    FIVE.map((t) => 2 * obrienFlemingSpent(0.025, t)),
    FIVE,
  );
  [4.8769, 3.3569, 2.6803, 2.2898, 2.031].forEach((want, i) =>
    assert.ok(Math.abs((bounds[i] as number) - want) < 2e-3, `look ${i + 1}: ${bounds[i]} against ${want}`),
  );
});

void test('a single look is the fixed-sample boundary; a look that spends nothing has none', () => {
  assert.ok(Math.abs((spendingBoundaries([0.02], [1])[0] as number) - normalQuantile(0.99)) < 1e-9);
  assert.equal(spendingBoundaries([0], [1])[0], Infinity);
  assert.throws(() => spendingBoundaries([0.01, 0.02], [1]), RangeError);
});

/** The share of simulated Brownian paths (information `info`) that ever leave ±c√I. */
function crossingRate(bounds: readonly number[], info: readonly number[], paths: number, seed: number): number {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  let crossed = 0;
  for (let p = 0; p < paths; p++) {
    let s = 0;
    let previous = 0;
    for (let k = 0; k < info.length; k++) {
      s += gauss() * Math.sqrt((info[k] as number) - previous);
      previous = info[k] as number;
      if (Math.abs(s) >= (bounds[k] as number) * Math.sqrt(info[k] as number)) {
        crossed++;
        break;
      }
    }
  }
  return crossed / paths;
}

void test('unequally spaced looks, calendar time apart from information: the chance to ever cross is alpha', () => {
  const looks = {
    fractions: [0.15, 0.3, 0.42, 0.55, 0.7, 0.8, 0.93, 0.97],
    information: [4, 8, 12, 16, 20, 24, 28, 30],
    final: true,
  };
  const spent = spentAtLooks(0.02, looks);
  assert.equal(spent.at(-1), 0.02, 'the final look spends what is left');
  assert.ok(spent.every((a, i) => i === 0 || a >= (spent[i - 1] as number)));
  const bounds = spendingBoundaries(spent, looks.information);
  // 200,000 paths: the rate's standard error is 0.03 points.
  const rate = crossingRate(bounds, looks.information, 200_000, 7);
  assert.ok(Math.abs(rate - 0.02) < 0.0015, `crossed in ${(rate * 100).toFixed(2)}%`);
  // Not final: only what the fractions allow is spent, so fewer paths cross.
  const partial = spendingBoundaries(spentAtLooks(0.02, { ...looks, final: false }), looks.information);
  assert.ok((partial.at(-1) as number) > (bounds.at(-1) as number));
  assert.equal(currentBoundary(0.02, looks), bounds.at(-1));
});

void test('the interval at a look: the boundary read as a t quantile at its degrees of freedom', () => {
  const looks = { fractions: [0.5, 1], information: [8, 16], final: true };
  const look = { estimate: 0, information: 25, residualSs: 10, df: 10 };
  const se = Math.sqrt(10 / 10 / 25);
  const half = spendingHalfWidth(look, 0.02, looks);
  const z = currentBoundary(0.02, looks);
  assert.ok(half > z * se, 'a t quantile is wider than the z it stands for');
  assert.ok(spendingHalfWidth({ ...look, df: 200 }, 0.02, looks) < half);
  assert.equal(spendingHalfWidth({ ...look, information: 0 }, 0.02, looks), Infinity);
  // An early look of an O'Brien-Fleming plan is far wider than the last.
  assert.ok(spendingHalfWidth(look, 0.02, { ...looks, fractions: [0.1], information: [8], final: false }) > 2 * half);
});
