import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalCdf, normalQuantile, tCdf, tQuantile, twoSidedP } from '../../../src/stats/distributions.js';

// Two-sided critical values from standard t tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
const T_TABLE: [p: number, df: number, q: number][] = [
  [0.975, 1, 12.706],
  [0.975, 2, 4.303],
  [0.975, 4, 2.776],
  [0.975, 5, 2.571],
  [0.975, 10, 2.228],
  [0.975, 30, 2.042],
  [0.995, 4, 4.604],
  [0.995, 9, 3.25],
  [0.95, 20, 1.725],
  [0.9, 3, 1.638],
  [0.999, 7, 4.785],
  [0.8, 4, 0.941],
];

void test('t quantiles match published table values', () => {
  for (const [p, df, q] of T_TABLE) {
    assert.ok(Math.abs(tQuantile(p, df) - q) < 6e-4, `t(${p}, ${df}) = ${tQuantile(p, df)}, table ${q}`);
    assert.ok(Math.abs(tQuantile(1 - p, df) + q) < 6e-4, `lower tail of t(${p}, ${df})`);
  }
});

void test('t CDF inverts the quantile and approaches the normal', () => {
  for (const df of [1, 3, 8, 50])
    for (const p of [0.01, 0.3, 0.9, 0.999]) assert.ok(Math.abs(tCdf(tQuantile(p, df), df) - p) < 1e-9);
  assert.ok(Math.abs(tCdf(2, 10) - 0.963306) < 1e-6); // R: pt(2, 10)
  assert.ok(Math.abs(tQuantile(0.975, 1e7) - 1.959964) < 1e-4);
  assert.equal(tQuantile(0.975, Infinity), normalQuantile(0.975));
});

void test('normal quantile and CDF match known values', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.8) - 0.841621) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232) < 1e-6);
  assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
  assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-6);
});

void test('two-sided p-values', () => {
  assert.ok(Math.abs(twoSidedP(2.228, 10) - 0.05) < 1e-4);
  assert.ok(Math.abs(twoSidedP(-2.228, 10) - 0.05) < 1e-4);
  assert.equal(twoSidedP(0, 5), 1);
  assert.equal(twoSidedP(Infinity, 5), 0);
});

void test('df = Infinity is the normal, and a non-positive df is refused', () => {
  assert.equal(tCdf(1.5, Infinity), normalCdf(1.5));
  assert.throws(() => tQuantile(0.9, 0), RangeError);
  assert.equal(tQuantile(0.5, 7), 0);
  assert.equal(tQuantile(1, 7), Infinity);
});
