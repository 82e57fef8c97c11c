// Alpha spending over the time budget (Lan & DeMets 1983, "Discrete sequential boundaries for
// clinical trials", Biometrika 70(3)): by the look at share τ of the budget, at most α(τ) of the
// false-alarm rate may have been used; the last look the budget allows uses what is left. The
// function is Kim & DeMets' power family α·τ^ρ (1987, "Design and analysis of group sequential
// tests based on the type I error spending rate function", Biometrika 74(1)) with ρ = 3, which
// spends close to O'Brien-Fleming's boundaries at the end but enough early that a permutation test
// of 2,000 paths can cross at a third of the budget (O'Brien-Fleming-type spending gives it nothing
// to spend before two thirds). Pure.
import type { LookSchedule } from '../trials/analysis.js';

/** ρ of the power family: 1 spends evenly, larger values save more for the end. */
export const SPENDING_POWER = 3;

/** α(τ) = α·τ^ρ: the share of alpha a plan may have spent by share τ of its budget. */
export function powerSpent(alpha: number, tau: number, rho = SPENDING_POWER): number {
  if (!(tau > 0)) return 0;
  return alpha * Math.min(1, tau) ** rho;
}

/** Cumulative alpha spent at each look; the last look all of it when the budget allows no other. */
export function spentAtLooks(alpha: number, looks: LookSchedule): number[] {
  const k = looks.fractions.length;
  return looks.fractions.map((t, i) => (looks.final && i === k - 1 ? alpha : powerSpent(alpha, t)));
}
