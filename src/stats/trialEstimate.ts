// The head/base change of a trial-level A/B run, with the process as a random effect. Model, on
// the log scale: value = side + process offset (random, σ_u, lasts the process's life) + trial
// effect (shared, cancels) + iteration noise (σ_ε). A process unit's mean over n trials then has
// variance σ_u² + σ_ε²/n, which trials alone never shrink below σ_u²; units (workers × epochs) do.
// Per epoch: the contrast of head and base unit means, and the spread of units inside each side.
// Epochs combine by weighted least squares; the result is one Gaussian look for the confidence
// sequence (src/stats/confidenceSequence.ts).
import type { TrialMatrix } from '../trials/trialSet.js';
import type { GaussianLook } from './confidenceSequence.js';
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
  /** Iteration noise after removing trial and process effects (SD of log values). */
  readonly sigmaIteration: number;
  /** Process-offset SD (method of moments, floored at 0). */
  readonly sigmaProcess: number;
  /** SD of one unit mean at the longest epoch: the unit of `information` and `residualSs`. */
  readonly sigmaUnit: number;
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const meanOf = (xs: readonly number[]) => sum(xs) / xs.length;
const ssAround = (xs: readonly number[]) => {
  const m = meanOf(xs);
  return sum(xs.map((x) => (x - m) ** 2));
};

interface EpochContrast {
  readonly d: number;
  /** Variance of d in units of one unit mean's variance: 1/W_head + 1/W_base. */
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

/**
 * Variance components by the method of moments: σ_ε² from the unit × trial residuals, σ_u² from
 * the spread of units beyond what σ_ε²/n explains. Used only to weight epochs of unequal length.
 */
function components(epochs: readonly EpochUnits[], contrasts: readonly EpochContrast[]) {
  const rdf = sum(epochs.map((e) => e.residualDf));
  const iter = rdf > 0 ? sum(epochs.map((e) => e.residualSs)) / rdf : 0;
  const ddf = sum(contrasts.map((c) => c.devDf));
  const excess = sum(contrasts.map((c) => c.devSs - (iter * c.devDf) / c.trials));
  return { iter, proc: ddf > 0 ? Math.max(0, excess / ddf) : 0 };
}

/** Undefined when no epoch has a complete trial with a unit on each side. */
export function estimateTrialChange(matrix: TrialMatrix): TrialEstimate | undefined {
  const epochs = epochUnits(matrix);
  if (epochs.length === 0) return undefined;
  const contrasts = epochs.map(contrastOf);
  const { iter, proc } = components(epochs, contrasts);
  const longest = Math.max(...contrasts.map((c) => c.trials));
  const unitVar = (n: number) => proc + iter / n;
  // Relative variance of an epoch's unit means; exactly 1 when all epochs have the same length.
  const rel = contrasts.map((c) =>
    c.trials === longest || unitVar(longest) === 0 ? 1 : unitVar(c.trials) / unitVar(longest),
  );
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
    sigmaProcess: Math.sqrt(proc),
    sigmaUnit: df > 0 ? Math.sqrt((between + within) / df) : NaN,
  };
}
