// The verdict of a trial-level A/B run (interleaved trials on persistent workers), asked after
// every block of trials: regression / improvement when the anytime-valid interval excludes no
// change and the estimate is beyond the margin, unchanged when the whole interval is inside
// ±margin, otherwise inconclusive with the smallest change these trials could detect. Pure.
import type { AnalyzeTrials, TrialAnalysis, TrialAnalysisOptions, TrialVerdict } from '../trials/analysis.js';
import type { TrialMatrix } from '../trials/trialSet.js';
import { tMixtureHalfWidth } from './confidenceSequence.js';
import { tQuantile } from './distributions.js';
import { estimateTrialChange, type TrialEstimate } from './trialEstimate.js';
import { MDE_POWER } from './verdictRules.js';

/**
 * Default relative margin of A/B mode: well under the 5% slow-down the mode promises to catch, so
 * that a 5% change's estimate clears it nearly always (docs/statistics.md, "The A/B margin").
 */
export const DEFAULT_AB_MARGIN = 0.02;

/**
 * Precision c of the mixture over the effect: the change is drawn from N(0, σ²/c), σ the SD of one
 * process unit's mean. c = 1 centres the evidence on changes about one unit SD (≈ 2-5% on the
 * recorded GPUs); any c > 0 keeps the guarantee, only the power profile moves.
 */
export const MIXTURE_PRECISION = 1;

function describe(est: TrialEstimate): string {
  const units =
    est.epochs > 1
      ? `${est.workersPerSide} workers a side × ${est.epochs} epochs`
      : `${est.workersPerSide} workers a side, never restarted`;
  return `paired trial log-ratios, process as random effect (${est.baseUnits} + ${est.headUnits} processes: ${units}; df ${est.df}), anytime-valid t-mixture confidence sequence`;
}

/** The answer when the data cannot separate the code from the processes (or has nothing yet). */
function undecidable(matrix: TrialMatrix, est: TrialEstimate | undefined, why: string): TrialAnalysis {
  const workers = Math.max(matrix.base.length, matrix.head.length);
  return {
    verdict: 'inconclusive',
    change: est ? Math.expm1(est.estimate) : 0,
    ci: [-1, Infinity],
    mde: Infinity,
    trials: est?.trials ?? 0,
    workersPerSide: est?.workersPerSide ?? workers,
    decided: false,
    method: why,
  };
}

function verdictOf(change: number, ci: readonly [number, number], options: TrialAnalysisOptions): TrialVerdict {
  const worse = options.better === 'higher' ? -change : change;
  const clear = ci[0] > 0 || ci[1] < 0;
  if (clear && worse > options.margin) return 'regression';
  if (clear && -worse > options.margin) return 'improvement';
  if (ci[0] > -options.margin && ci[1] < options.margin) return 'unchanged';
  return 'inconclusive';
}

export const analyzeTrials: AnalyzeTrials = (matrix, options) => {
  const est = estimateTrialChange(matrix, options.better);
  if (!est) return undecidable(matrix, est, 'no complete trial with a worker on each side yet');
  if (est.df < 1)
    return undecidable(
      matrix,
      est,
      `${est.workersPerSide} worker a side and no restarts cannot separate the code from the process (each process has its own speed): use 2 or more workers a side, or restart the workers between blocks`,
    );
  const half = tMixtureHalfWidth(est, options.alpha, MIXTURE_PRECISION);
  if (!Number.isFinite(half) && est.epochs === 1)
    return undecidable(
      matrix,
      est,
      `${describe(est)}: ${est.baseUnits + est.headUnits} processes cannot bound the change at this alpha however many trials they run (each keeps its own speed); restart the workers between blocks`,
    );
  const ci: [number, number] = [Math.expm1(est.estimate - half), Math.expm1(est.estimate + half)];
  const change = Math.expm1(est.estimate);
  const verdict = verdictOf(change, ci, options);
  const se = Math.sqrt(est.residualSs / est.df / est.information);
  return {
    verdict,
    change,
    ci,
    mde: Math.expm1(half + tQuantile(MDE_POWER, est.df) * se),
    trials: est.trials,
    workersPerSide: est.workersPerSide,
    decided: verdict !== 'inconclusive',
    method: describe(est),
  };
};
