// Student t and normal distributions for p-values and confidence intervals, from stdlib's
// per-distribution packages (accurate to double precision, Boost-derived algorithms, typed, kept up):
// thin wrappers that keep this module's names and its conventions (df = Infinity is the normal;
// a two-sided p of NaN is 1). Checked against published table values in
// test/unit/stats/distributions.test.ts.
import normalCdfOf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileOf from '@stdlib/stats-base-dists-normal-quantile';
import tCdfOf from '@stdlib/stats-base-dists-t-cdf';
import tQuantileOf from '@stdlib/stats-base-dists-t-quantile';

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return normalCdfOf(x, 0, 1);
}

/** Standard normal quantile (−Infinity at 0, Infinity at 1, NaN outside [0, 1]). */
export function normalQuantile(p: number): number {
  return normalQuantileOf(p, 0, 1);
}

/** CDF of Student's t with `df` degrees of freedom (df = Infinity gives the normal). */
export function tCdf(t: number, df: number): number {
  return Number.isFinite(df) ? tCdfOf(t, df) : normalCdf(t);
}

/** Quantile of Student's t: the value q with P(T ≤ q) = p. */
export function tQuantile(p: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  return Number.isFinite(df) ? tQuantileOf(p, df) : normalQuantile(p);
}

/** Two-sided p-value of a t statistic. */
export function twoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return 1;
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}
