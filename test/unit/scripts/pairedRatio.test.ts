import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pairedRatio } from '../../../scripts/bench/pairedRatio.ts';

describe('pairedRatio', () => {
  it('takes the median of the paired ratios, not the ratio of the medians', () => {
    // Each pair saw the same moment of the machine: the head is 1.1× its own base every time.
    const base = [10, 200, 30, 45, 600, 70, 12, 90];
    const r = pairedRatio(
      base,
      base.map((x) => x * 1.1),
    );
    assert.ok(Math.abs(r.ratio - 1.1) < 1e-12);
    assert.ok(Math.abs(r.interval[0] - 1.1) < 1e-12 && Math.abs(r.interval[1] - 1.1) < 1e-12);
    assert.equal(r.n, 8);
  });

  it('brackets the median with the order statistics of the sign-test interval', () => {
    // 25 pairs with ratios e^0.01 … e^0.25: the exact 95% ranks for n = 25 are the 8th and 18th.
    const base = Array.from({ length: 25 }, () => 100);
    const head = base.map((b, i) => b * Math.exp((i + 1) / 100));
    const r = pairedRatio(base, head);
    assert.ok(Math.abs(Math.log(r.ratio) - 0.13) < 1e-12);
    assert.ok(Math.abs(Math.log(r.interval[0]) - 0.08) < 1e-12, `${Math.log(r.interval[0])}`);
    assert.ok(Math.abs(Math.log(r.interval[1]) - 0.18) < 1e-12, `${Math.log(r.interval[1])}`);
  });

  it('refuses fewer than 6 pairs', () => {
    assert.throws(() => pairedRatio([1, 2, 3], [1, 2, 3]), /at least 6 pairs/);
  });
});
