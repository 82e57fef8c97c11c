import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tMixtureBayesFactor, tMixtureHalfWidth, type GaussianLook } from '../../../src/stats/confidenceSequence.js';

const look: GaussianLook = { estimate: 0.03, information: 6, residualSs: 0.004, df: 9 };

/**
 * The Bayes factor by brute-force integration of its definition: the data's likelihood in the
 * linear-model form, σ^-(ν+1) exp(-(RSS + S(θ̂ - θ)²)/2σ²), with θ ~ N(θ0, σ²/c) under the
 * alternative, θ = θ0 under the null, and the prior 1/σ on both (integrated on a log-σ grid).
 */
function bayesFactorByIntegration(l: GaussianLook, theta0: number, c: number): number {
  const like = (theta: number, logSigma: number) => {
    const s2 = Math.exp(2 * logSigma);
    return Math.exp(-(l.df + 1) * logSigma - (l.residualSs + l.information * (l.estimate - theta) ** 2) / (2 * s2));
  };
  let num = 0;
  let den = 0;
  for (let ls = -12; ls <= 3; ls += 0.005) {
    const sigma = Math.exp(ls);
    den += like(theta0, ls);
    const sd = sigma / Math.sqrt(c);
    for (let z = -8; z <= 8; z += 0.01)
      num += like(theta0 + z * sd, ls) * (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * 0.01;
  }
  return num / den;
}

void test('the closed-form Bayes factor equals its definition integrated numerically', () => {
  for (const [theta0, c] of [
    [0, 1],
    [0.05, 1],
    [0, 0.3],
    [-0.02, 4],
  ] as const) {
    const closed = tMixtureBayesFactor(look, theta0, c);
    const numeric = bayesFactorByIntegration(look, theta0, c);
    assert.ok(Math.abs(closed / numeric - 1) < 2e-3, `θ0 ${theta0}, c ${c}: ${closed} vs ${numeric}`);
  }
});

void test('the interval ends are exactly where the Bayes factor reaches 1/alpha', () => {
  for (const alpha of [0.02, 0.05, 0.2]) {
    const h = tMixtureHalfWidth(look, alpha, 1);
    assert.ok(Number.isFinite(h) && h > 0);
    for (const side of [-1, 1]) {
      const bf = tMixtureBayesFactor(look, look.estimate + side * h, 1);
      assert.ok(Math.abs(bf * alpha - 1) < 1e-9, `alpha ${alpha}: BF ${bf}`);
    }
    // Inside the interval the evidence against a value stays below 1/alpha.
    assert.ok(tMixtureBayesFactor(look, look.estimate + 0.9 * h, 1) < 1 / alpha);
  }
});

void test('more evidence narrows the interval; too little leaves it unbounded', () => {
  const wide = tMixtureHalfWidth(look, 0.02, 1);
  assert.ok(tMixtureHalfWidth({ ...look, information: 24, df: 39 }, 0.02, 1) < wide);
  assert.equal(tMixtureHalfWidth({ ...look, df: 0 }, 0.02, 1), Infinity);
  // One process unit a side, one epoch: the mixture cannot reach 1/alpha however large t gets.
  assert.equal(tMixtureHalfWidth({ estimate: 0, information: 0.5, residualSs: 1e-6, df: 1 }, 0.02, 1), Infinity);
});
