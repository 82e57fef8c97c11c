// Descriptive statistics on plain arrays. Quantiles use linear interpolation (R type 7).

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample variance (n − 1 denominator); 0 for fewer than two values. */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (xs.length - 1);
}

export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Values outside Tukey's fences (Q1 − 1.5·IQR, Q3 + 1.5·IQR). Counted, never removed. */
export function tukeyOutliers(xs: readonly number[]): number {
  if (xs.length < 4) return 0;
  const q1 = quantile(xs, 0.25);
  const q3 = quantile(xs, 0.75);
  const k = 1.5 * (q3 - q1);
  return xs.filter((x) => x < q1 - k || x > q3 + k).length;
}
