// Adjusted p-values for a family of tests (configs × metrics), so the gate's false-alarm rate holds
// for the whole family rather than for each test alone.
export const CORRECTIONS = ['holm', 'benjamini-hochberg', 'bonferroni', 'none'] as const;
export type Correction = (typeof CORRECTIONS)[number];

/** Adjusted p-values in the input order; compare each with alpha. */
export function adjustPValues(pValues: readonly number[], method: Correction): number[] {
  const m = pValues.length;
  if (m === 0) return [];
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const out = new Array<number>(m).fill(1);
  switch (method) {
    case 'none':
      return [...pValues];
    case 'bonferroni':
      return pValues.map((p) => Math.min(1, p * m));
    case 'holm': {
      // Step-down: the k-th smallest is multiplied by (m − k + 1), kept monotone.
      let running = 0;
      order.forEach(({ p, i }, k) => {
        running = Math.max(running, Math.min(1, (m - k) * p));
        out[i] = running;
      });
      return out;
    }
    case 'benjamini-hochberg': {
      // Step-up: the k-th smallest is multiplied by m / k, kept monotone from the top.
      let running = 1;
      for (let k = m - 1; k >= 0; k--) {
        const { p, i } = order[k] as { p: number; i: number };
        running = Math.min(running, Math.min(1, (p * m) / (k + 1)));
        out[i] = running;
      }
      return out;
    }
  }
}

/**
 * The per-test level of a confidence interval that agrees with the adjusted decision. A rejected test
 * gets alpha · p / adjusted p, so its interval excludes zero exactly when adjusted p < alpha; the
 * others get alpha / m (an interval that then always contains zero, since every p ≤ alpha / m is
 * rejected by Holm, Bonferroni and Benjamini–Hochberg alike).
 */
export function localAlpha(alpha: number, p: number, adjusted: number, tests: number, method: Correction): number {
  if (method === 'none') return alpha;
  const m = Math.max(1, tests);
  if (adjusted < alpha && p > 0 && adjusted > 0) return Math.min(alpha, (alpha * p) / adjusted);
  return alpha / m;
}
