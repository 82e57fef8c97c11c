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
import type {
  AnalyzeTrials,
  LookSchedule,
  TrialAnalysis,
  TrialAnalysisOptions,
  TrialVerdict,
} from '../trials/analysis.js';
import type { TrialMatrix } from '../trials/trialSet.js';
import { tMixtureHalfWidth } from './confidenceSequence.js';
import { permutationLook } from './permutationSpending.js';
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

/**
 * Share of alpha that the runner gives the confidence sequences beside the alpha-spending plan
 * (Haybittle-Peto's idea: a strict early boundary for overwhelming evidence, nearly all of alpha
 * for the planned test; docs/statistics.md, "When to stop").
 */
export const EARLY_STOP_SHARE = 0.1;

/** The unit summaries read, each at alpha / their number. The first is reported when neither decides. */
const SUMMARIES: readonly { readonly name: string; readonly locate: UnitLocator }[] = [
  { name: 'faster half', locate: fastHalfMean },
  { name: 'mean', locate: meanLocation },
];

/** How an analysis reads the summaries: the planned permutation test, or confidence sequences (alone or beside it). */
type Reading = 'permutation' | 'sequence' | 'early-stop';

function describe(est: TrialEstimate, summary: string, reading: Reading): string {
  const units =
    est.epochs > 1
      ? `${est.workersPerSide} workers a side × ${est.epochs} epochs`
      : `${est.workersPerSide} workers a side, never restarted`;
  const both = SUMMARIES.map((x) => x.name).join(' and ');
  const how = {
    permutation: `${both} read by one permutation test of the larger of the two, boundaries from an alpha-spending plan over the budget`,
    sequence: `${both} read, alpha/2 each, anytime-valid t-mixture confidence sequences`,
    'early-stop': `${both} read by anytime-valid confidence sequences at ${EARLY_STOP_SHARE * 100}% of alpha, which stop a large change before the alpha-spending plan can`,
  }[reading];
  return `paired trial log-ratios, process as random effect (${est.baseUnits} + ${est.headUnits} processes: ${units}; df ${est.df}), each process summarized by its ${summary} (${how})`;
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

/** One summary's analysis, its interval from `bandOf` (undefined: no interval yet). */
function analyzeWith(
  matrix: TrialMatrix,
  options: TrialAnalysisOptions,
  summary: (typeof SUMMARIES)[number],
  bandOf: (est: TrialEstimate) => Band | undefined,
  reading: Reading,
): TrialAnalysis {
  const est = estimateTrialChange(matrix, options.better, summary.locate);
  if (!est) return undecidable(matrix, est, 'no complete trial with a worker on each side yet');
  if (est.df < 1)
    return undecidable(
      matrix,
      est,
      `${est.workersPerSide} worker a side and no restarts cannot separate the code from the process (each process has its own speed): use 2 or more workers a side, or restart the workers between blocks`,
    );
  const band = bandOf(est);
  if (!band || (!Number.isFinite(band.below) && !Number.isFinite(band.above) && est.epochs === 1))
    return undecidable(
      matrix,
      est,
      `${describe(est, summary.name, reading)}: ${est.baseUnits + est.headUnits} processes cannot bound the change at this alpha however many trials they run (each keeps its own speed); restart the workers between blocks`,
    );
  const ci: [number, number] = [Math.expm1(band.estimate - band.below), Math.expm1(band.estimate + band.above)];
  const change = Math.expm1(band.estimate);
  const verdict = verdictOf(change, ci, options);
  // The half-width on the regression's side.
  const half = options.better === 'higher' ? band.below : band.above;
  return {
    verdict,
    change,
    ci,
    mde: Math.expm1(half + tQuantile(MDE_POWER, est.df) * band.se),
    trials: est.trials,
    workersPerSide: est.workersPerSide,
    decided: verdict !== 'inconclusive',
    method: describe(est, summary.name, reading),
  };
}

/** An interval around an estimate (log scale): [estimate − below, estimate + above], and its standard error. */
interface Band {
  readonly estimate: number;
  readonly below: number;
  readonly above: number;
  readonly se: number;
}

function mixtureBand(est: TrialEstimate, alpha: number): Band {
  const half = tMixtureHalfWidth(est, alpha, MIXTURE_PRECISION);
  return { estimate: est.estimate, below: half, above: half, se: Math.sqrt(est.residualSs / est.df / est.information) };
}

/**
 * The permutation test's common boundaries read as each summary's interval: it excludes no change
 * exactly when that summary's statistic crosses (permutationSpending.ts); elsewhere the permutation
 * law of the studentized estimate stands in for its law under a shifted head.
 */
function permutationBands(matrix: TrialMatrix, options: TrialAnalysisOptions, looks: LookSchedule): Band[] | undefined {
  const look = permutationLook(
    matrix,
    options.better,
    SUMMARIES.map((x) => x.locate),
    options.alpha,
    looks,
  );
  // A statistic equal to its boundary (a duplicate of the observed labeling ties with it) does not
  // cross: the interval then touches zero exactly, whatever the rounding of estimate − boundary × se.
  return look?.summaries.map((x) => ({
    estimate: x.estimate,
    below: x.t > look.upper ? look.upper * x.se : Math.max(look.upper * x.se, x.estimate),
    above: x.t < -look.lower ? look.lower * x.se : Math.max(look.lower * x.se, -x.estimate),
    se: x.se,
  }));
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

/** The confidence sequences' analyses, the summaries at alpha/2 each of `alpha`. */
const sequenceAnalyses = (matrix: TrialMatrix, options: TrialAnalysisOptions, alpha: number, reading: Reading) =>
  SUMMARIES.map((summary) =>
    analyzeWith(matrix, options, summary, (est) => mixtureBand(est, alpha / SUMMARIES.length), reading),
  );

/**
 * With a look history (the runner's): the permutation test with alpha spending at
 * (1 − EARLY_STOP_SHARE)·alpha, and beside it the confidence sequences at EARLY_STOP_SHARE·alpha,
 * which need no schedule and so stop a large change at the second or third look, before the plan
 * has spent enough for the permutation test to cross. By the union bound the false-alarm rate
 * stays at alpha. Without one (older recordings): the confidence sequences at alpha.
 */
export const analyzeTrials: AnalyzeTrials = (matrix, options) => {
  if (!options.looks) return combine(sequenceAnalyses(matrix, options, options.alpha, 'sequence'));
  const planned = { ...options, alpha: options.alpha * (1 - EARLY_STOP_SHARE) };
  const bands = permutationBands(matrix, planned, options.looks);
  return combine([
    ...SUMMARIES.map((summary, i) => analyzeWith(matrix, planned, summary, () => bands?.[i], 'permutation')),
    ...sequenceAnalyses(matrix, options, options.alpha * EARLY_STOP_SHARE, 'early-stop'),
  ]);
};
