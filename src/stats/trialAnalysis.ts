// The verdict of a trial-level A/B run (interleaved trials on persistent workers), asked after
// every block of trials: regression / improvement when the anytime-valid interval excludes no
// change and the estimate is beyond the margin, unchanged when the whole interval is inside
// ±margin, otherwise inconclusive with the smallest change these trials could detect.
//
// Two summaries of a process unit are read, each with its own confidence sequence at alpha/2: the
// faster half of its iterations (precise where noise is stalls of single iterations, as on the
// recorded GPUs) and the mean (precise where noise is load shared by a trial's workers, which the
// mean cancels exactly, as on a shared CPU). Neither wins on every machine and choosing one from
// the data would spend the guarantee; by the union bound the chance that either interval ever
// misses is still at most alpha, at every look. docs/statistics.md, "Two unit summaries". Pure.
import type { AnalyzeTrials, TrialAnalysis, TrialAnalysisOptions, TrialVerdict } from '../trials/analysis.js';
import type { TrialMatrix } from '../trials/trialSet.js';
import { spendingHalfWidth } from './alphaSpending.js';
import { tMixtureHalfWidth } from './confidenceSequence.js';
import { tQuantile } from './distributions.js';
import { estimateTrialChange, type TrialEstimate } from './trialEstimate.js';
import { fastHalfMean, meanLocation, type UnitLocator } from './trialLocation.js';
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

/** The unit summaries read, each at alpha / their number. The first is reported when neither decides. */
const SUMMARIES: readonly { readonly name: string; readonly locate: UnitLocator }[] = [
  { name: 'faster half', locate: fastHalfMean },
  { name: 'mean', locate: meanLocation },
];

function describe(est: TrialEstimate, summary: string, spending: boolean): string {
  const units =
    est.epochs > 1
      ? `${est.workersPerSide} workers a side × ${est.epochs} epochs`
      : `${est.workersPerSide} workers a side, never restarted`;
  return `paired trial log-ratios, process as random effect (${est.baseUnits} + ${est.headUnits} processes: ${units}; df ${est.df}), each process summarized by its ${summary} (${SUMMARIES.map((x) => x.name).join(' and ')} read, alpha/2 each), ${spending ? "group-sequential intervals from an O'Brien-Fleming-type alpha-spending plan over the time budget" : 'anytime-valid t-mixture confidence sequences'}`;
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

/** One summary's analysis at `alpha` (its share of the test's alpha). */
function analyzeWith(
  matrix: TrialMatrix,
  options: TrialAnalysisOptions,
  summary: (typeof SUMMARIES)[number],
  alpha: number,
): TrialAnalysis {
  const est = estimateTrialChange(matrix, options.better, summary.locate);
  if (!est) return undecidable(matrix, est, 'no complete trial with a worker on each side yet');
  if (est.df < 1)
    return undecidable(
      matrix,
      est,
      `${est.workersPerSide} worker a side and no restarts cannot separate the code from the process (each process has its own speed): use 2 or more workers a side, or restart the workers between blocks`,
    );
  const half = options.looks
    ? spendingHalfWidth(est, alpha, options.looks)
    : tMixtureHalfWidth(est, alpha, MIXTURE_PRECISION);
  if (!Number.isFinite(half) && est.epochs === 1)
    return undecidable(
      matrix,
      est,
      `${describe(est, summary.name, options.looks !== undefined)}: ${est.baseUnits + est.headUnits} processes cannot bound the change at this alpha however many trials they run (each keeps its own speed); restart the workers between blocks`,
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
    method: describe(est, summary.name, options.looks !== undefined),
  };
}

/**
 * The first summary that finds a change (regression or improvement), else the first that finds the
 * code unchanged, so a change is never hidden by the other summary's `unchanged`; when none
 * decides, the one with the smallest detectable change. Opposite changes from the two would mean
 * an interval missed: inconclusive, with both named.
 */
function combine(analyses: readonly TrialAnalysis[]): TrialAnalysis {
  const changed = analyses.filter((a) => a.verdict === 'regression' || a.verdict === 'improvement');
  if (changed.length > 0 && changed.some((a) => a.verdict !== changed[0]?.verdict))
    return {
      ...(analyses[0] as TrialAnalysis),
      verdict: 'inconclusive',
      decided: false,
      method: `the unit summaries disagree on the direction (${changed.map((a) => a.method).join('; ')})`,
    };
  const decided = changed[0] ?? analyses.find((a) => a.verdict === 'unchanged');
  if (decided) return decided;
  return analyses.reduce((best, a) => (a.mde < best.mde ? a : best));
}

export const analyzeTrials: AnalyzeTrials = (matrix, options) =>
  combine(SUMMARIES.map((summary) => analyzeWith(matrix, options, summary, options.alpha / SUMMARIES.length)));
