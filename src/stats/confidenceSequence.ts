// An anytime-valid confidence sequence for a Gaussian mean with unknown variance: the t-test's
// Bayes factor with a Gaussian mixture over the effect (in units of the noise SD) and the scale-
// invariant prior 1/σ on the noise. Under the null it is a test martingale at every look (Lai 1976,
// "On confidence sequences"; Pérez-Ortiz, Lardy, de Heide & Grünwald 2024, "E-statistics, group
// invariance and anytime-valid testing"; Lindon et al. 2022 for the linear-model form used here),
// so by Ville's inequality the chance that the interval ever misses the true value, over any number
// of looks and with no planned maximum, is at most alpha. See docs/statistics.md.

/**
 * Data of one look, in the weighted linear-model form: an estimate with information `information`
 * (1 / its variance, in units of the unknown unit variance σ²), and an independent residual sum of
 * squares `residualSs` (in σ² units: RSS/σ² ~ χ² with `df` degrees of freedom).
 */
export interface GaussianLook {
  readonly estimate: number;
  readonly information: number;
  readonly residualSs: number;
  readonly df: number;
}

/**
 * Bayes factor against the point null `value`: sqrt(c/(S+c)) · ((1 + t²/ν) / (1 + c/(S+c)·t²/ν))^((ν+1)/2),
 * where t is the ordinary t statistic, S the information and c the mixture's precision (the effect
 * is drawn from N(0, σ²/c)).
 */
export function tMixtureBayesFactor(look: GaussianLook, value: number, precision: number): number {
  const { information: s, df: nu } = look;
  const t2 = (s * (look.estimate - value) ** 2) / (look.residualSs / nu);
  const shrink = precision / (s + precision);
  return Math.sqrt(shrink) * ((1 + t2 / nu) / (1 + (shrink * t2) / nu)) ** ((nu + 1) / 2);
}

/**
 * Half-width of the confidence sequence {value : Bayes factor < 1/alpha} around `estimate`
 * (closed form; Infinity while the data cannot bound the value yet).
 */
export function tMixtureHalfWidth(look: GaussianLook, alpha: number, precision: number): number {
  const { information: s, df: nu } = look;
  if (!(s > 0) || !(nu >= 1)) return Infinity;
  const shrink = precision / (s + precision);
  const g = (Math.sqrt((s + precision) / precision) / alpha) ** (2 / (nu + 1));
  const denominator = 1 - g * shrink;
  if (denominator <= 0) return Infinity;
  const u = (g - 1) / denominator;
  return Math.sqrt((u * look.residualSs) / s);
}
