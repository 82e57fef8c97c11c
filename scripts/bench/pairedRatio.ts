// The median of paired ratios head/base with a distribution-free interval (order statistics of the
// paired log-ratios: the sign-test interval for a median).
import { median } from '../../src/stats/descriptive.ts';

export interface PairedRatio {
  /** Rounds (pairs). */
  readonly n: number;
  /** Median over pairs of head/base. */
  readonly ratio: number;
  /** 95% interval of that median (order statistics; exact up to the normal approximation of the binomial). */
  readonly interval: readonly [number, number];
}

export function pairedRatio(baseMs: readonly number[], headMs: readonly number[]): PairedRatio {
  const n = Math.min(baseMs.length, headMs.length);
  if (n < 6) throw new Error(`pairedRatio: needs at least 6 pairs, got ${n}`);
  const logs = Array.from({ length: n }, (_, i) => Math.log(headMs[i]! / baseMs[i]!)).sort((a, b) => a - b);
  // Ranks k and n + 1 − k (1-based) bracket the median with ≥ 95% coverage (binomial(n, 1/2)).
  const k = Math.max(1, Math.floor((n + 1) / 2 - 0.98 * Math.sqrt(n)));
  return {
    n,
    ratio: Math.exp(median(logs)),
    interval: [Math.exp(logs[k - 1]!), Math.exp(logs[n - k]!)],
  };
}
