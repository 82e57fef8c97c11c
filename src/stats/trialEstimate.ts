// The head/base change of a trial-level A/B run, with the process as a random effect. Model, on
// the log scale: value = side + process offset (random, σ_u, lasts the process's life) + trial
// effect (shared by the trial) + iteration noise (σ_ε; one-sided and heavy-tailed on real
// machines). A unit's location (the mean of its faster half, trialUnits.ts) over n trials has
// variance σ_u² + σ_loc²/n, σ_loc the iteration noise as that location sees it; trials alone never
// shrink it below σ_u², units (workers × epochs) do.
// Per epoch: the contrast of head and base unit locations, and the spread of units inside each side.
// Epochs combine by weighted least squares; the result is one Gaussian look for the confidence
// sequence (src/stats/confidenceSequence.ts).
import type { Direction } from '../metrics.js';
import type { TrialMatrix } from '../trials/trialSet.js';
import type { GaussianLook } from './confidenceSequence.js';
import { fastHalfMean, type UnitLocator } from './trialLocation.js';
import { epochUnits, type EpochUnits } from './trialUnits.js';

export interface TrialEstimate extends GaussianLook {
  /** Epochs used (generations of worker processes). */
  readonly epochs: number;
  /** Complete trials used, over all epochs. */
  readonly trials: number;
  /** Process units used on each side. */
  readonly baseUnits: number;
  readonly headUnits: number;
  /** Most workers a side in any epoch. */
  readonly workersPerSide: number;
  /** Iteration noise of the raw log values after removing trial and process effects (SD). */
  readonly sigmaIteration: number;
  /**
   * Iteration noise as a unit's location sees it (a location of n trials varies by σ_u² + σ_loc²/n),
   * from the locations' own spread beyond σ_u² (floored at 0).
   */
  readonly sigmaLocation: number;
  /** Process-offset SD, from the units' mean log values (method of moments, floored at 0). */
  readonly sigmaProcess: number;
  /** SD of one unit's location at the longest epoch: the unit of `information` and `residualSs`. */
  readonly sigmaUnit: number;
}

export const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const meanOf = (xs: readonly number[]) => sum(xs) / xs.length;
/** Sum of squares about the mean. */
export const ssAround = (xs: readonly number[]) => {
  const m = meanOf(xs);
  return sum(xs.map((x) => (x - m) ** 2));
};

interface EpochContrast {
  readonly d: number;
  /** Variance of d in units of one unit location's variance: 1/W_head + 1/W_base. */
  readonly a: number;
  readonly devSs: number;
  readonly devDf: number;
  readonly trials: number;
}

function contrastOf(e: EpochUnits): EpochContrast {
  return {
    d: meanOf(e.head) - meanOf(e.base),
    a: 1 / e.head.length + 1 / e.base.length,
    devSs: ssAround(e.base) + ssAround(e.head),
    devDf: e.base.length - 1 + (e.head.length - 1),
    trials: e.trials,
  };
}

/** One epoch's spreads as the variance components read them (in units of log values squared). */
export interface EpochSpread {
  readonly trials: number;
  /** Degrees of freedom of the unit spreads. */
  readonly df: number;
  /** Sum of squares of the units' mean log values, and of their locations. */
  readonly meanSs: number;
  readonly locSs: number;
}

/**
 * Variance components by the method of moments. The runner's: σ_ε² from the unit × trial residuals
 * of the raw log values and σ_u² from the spread of unit means beyond σ_ε²/n (the additive model
 * makes both unbiased for means). The location's: σ_loc² from the spread of the unit locations
 * beyond σ_u², per 1/n, so var(location of n trials) = σ_u² + σ_loc²/n weights epochs of unequal
 * length without assuming how the location treats iteration noise. The spreads are within sides
 * here and about each epoch's pooled mean in the permutation test (permutationSpending.ts).
 */
export function varianceComponents(epochs: readonly EpochUnits[], spreads: readonly EpochSpread[]) {
  const rdf = sum(epochs.map((e) => e.residualDf));
  const iter = rdf > 0 ? sum(epochs.map((e) => e.residualSs)) / rdf : 0;
  const ddf = sum(spreads.map((c) => c.df));
  const meanSs = sum(spreads.map((c) => c.meanSs));
  const proc = ddf > 0 ? Math.max(0, (meanSs - sum(spreads.map((c) => (iter * c.df) / c.trials))) / ddf) : 0;
  const perTrial = sum(spreads.map((c) => c.df / c.trials));
  const loc = perTrial > 0 ? Math.max(0, sum(spreads.map((c) => c.locSs - c.df * proc)) / perTrial) : 0;
  return { iter, proc, loc };
}

/**
 * Relative variance of each epoch's unit locations, σ_u² + σ_loc²/n against the longest epoch's:
 * exactly 1 when all epochs have the same length.
 */
export function relativeVariances(spreads: readonly EpochSpread[], proc: number, loc: number): number[] {
  const longest = Math.max(...spreads.map((c) => c.trials));
  const unitVar = (n: number) => proc + loc / n;
  return spreads.map((c) =>
    c.trials === longest || unitVar(longest) === 0 ? 1 : unitVar(c.trials) / unitVar(longest),
  );
}

/**
 * Undefined when no epoch has a complete trial with a unit on each side. `better`: the metric's
 * direction (which side of a unit's values is fast); `locate`: the units' location (trialUnits.ts).
 */
export function estimateTrialChange(
  matrix: TrialMatrix,
  better: Direction,
  locate: UnitLocator = fastHalfMean,
): TrialEstimate | undefined {
  const epochs = epochUnits(matrix, better, locate);
  if (epochs.length === 0) return undefined;
  const contrasts = epochs.map(contrastOf);
  const spreads = epochs.map((e, i) => {
    const c = contrasts[i] as EpochContrast;
    return {
      trials: c.trials,
      df: c.devDf,
      meanSs: ssAround(e.means.base) + ssAround(e.means.head),
      locSs: c.devSs,
    };
  });
  const { iter, proc, loc } = varianceComponents(epochs, spreads);
  const rel = relativeVariances(spreads, proc, loc);
  const w = contrasts.map((c, i) => 1 / (c.a * (rel[i] as number)));
  const information = sum(w);
  const estimate = sum(contrasts.map((c, i) => c.d * (w[i] as number))) / information;
  const between = sum(contrasts.map((c, i) => (w[i] as number) * (c.d - estimate) ** 2));
  const within = sum(contrasts.map((c, i) => c.devSs / (rel[i] as number)));
  const df = contrasts.length - 1 + sum(contrasts.map((c) => c.devDf));
  return {
    estimate,
    information,
    residualSs: between + within,
    df,
    epochs: epochs.length,
    trials: sum(epochs.map((e) => e.trials)),
    baseUnits: sum(epochs.map((e) => e.base.length)),
    headUnits: sum(epochs.map((e) => e.head.length)),
    workersPerSide: Math.max(...epochs.map((e) => Math.max(e.base.length, e.head.length))),
    sigmaIteration: Math.sqrt(iter),
    sigmaLocation: Math.sqrt(loc),
    sigmaProcess: Math.sqrt(proc),
    sigmaUnit: df > 0 ? Math.sqrt((between + within) / df) : NaN,
  };
}
