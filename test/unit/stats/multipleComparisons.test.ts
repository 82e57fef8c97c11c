import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adjustPValues, localAlpha } from '../../../src/stats/multipleComparisons.js';

/** Same length and every value within 1e-12 (an empty or short result fails). */
function close(a: readonly number[], b: readonly number[]): void {
  assert.equal(a.length, b.length, `${a.length} values, expected ${b.length}: ${a} vs ${b}`);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]!) < 1e-12, `${a} vs ${b}`));
}

// Reference values: R's p.adjust(c(0.04, 0.01, 0.05, 0.02, 0.03), method).
const P = [0.04, 0.01, 0.05, 0.02, 0.03];

void test('Holm step-down matches p.adjust', () => close(adjustPValues(P, 'holm'), [0.09, 0.05, 0.09, 0.08, 0.09]));
void test('Benjamini–Hochberg step-up matches p.adjust', () =>
  close(adjustPValues(P, 'benjamini-hochberg'), [0.05, 0.05, 0.05, 0.05, 0.05]));
void test('Bonferroni and none', () => {
  close(adjustPValues(P, 'bonferroni'), [0.2, 0.05, 0.25, 0.1, 0.15]);
  close(adjustPValues(P, 'none'), P);
  assert.deepEqual(adjustPValues([], 'holm'), []);
  close(adjustPValues([0.3, 0.9], 'bonferroni'), [0.6, 1]);
});

void test('interval level agrees with the adjusted decision', () => {
  // Rejected: level = alpha·p/adj, so p < level exactly when adj < alpha.
  assert.ok(Math.abs(localAlpha(0.05, 0.01, 0.04, 5, 'holm') - 0.0125) < 1e-15);
  assert.equal(localAlpha(0.05, 0.2, 0.6, 3, 'holm'), 0.05 / 3);
  assert.equal(localAlpha(0.05, 0.2, 0.2, 3, 'none'), 0.05);
});
