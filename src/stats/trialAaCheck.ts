// The A/A check of a trial-level A/B run: each side's workers split in two (slots 1, 3, 5 … against
// 2, 4, …) and analysed exactly as base against head. Both halves ran the same code, so a
// regression or improvement there is a false alarm of this runner; the noise figures say how
// loud the runner was (process offsets, iteration noise). Pure.
import type { TrialAnalysis, TrialAnalysisOptions } from '../trials/analysis.js';
import type { TrialMatrix, TrialSide } from '../trials/trialSet.js';
import { analyzeTrials } from './trialAnalysis.js';
import { estimateTrialChange } from './trialEstimate.js';

export interface TrialNoiseFigures {
  /** SD of a process's lasting offset, relative (0.03 = processes differ by about 3%). */
  readonly process: number;
  /** SD of one iteration after removing trial and process effects, relative. */
  readonly iteration: number;
  /** SD of one process's location over its trials (what the A/B interval is built from), relative. */
  readonly unit: number;
}

export interface TrialAaSplit {
  readonly side: TrialSide;
  /** 1-based worker slots of each half. */
  readonly halves: readonly [readonly number[], readonly number[]];
  readonly analysis: TrialAnalysis;
}

export interface TrialAaCheck {
  readonly splits: readonly TrialAaSplit[];
  /** True when a split of identical code came out as a regression or an improvement. */
  readonly falseAlarm: boolean;
  readonly noise?: TrialNoiseFigures;
  /** Why there is no split (fewer than 2 workers a side). */
  readonly note?: string;
}

const relative = (logSd: number) => Math.expm1(logSd);

function splitSide(matrix: TrialMatrix, side: TrialSide, options: TrialAnalysisOptions): TrialAaSplit {
  const rows = matrix[side];
  const odd = rows.filter((_, i) => i % 2 === 0);
  const even = rows.filter((_, i) => i % 2 === 1);
  const slots = (parity: number) => rows.map((_, i) => i + 1).filter((s) => (s - 1) % 2 === parity);
  const analysis = analyzeTrials(
    { base: odd, head: even, ...(matrix.epochs ? { epochs: matrix.epochs } : {}) },
    options,
  );
  return { side, halves: [slots(0), slots(1)], analysis };
}

/**
 * Two splits (one per side), each at alpha/2, so the chance of a false A/A warning stays at alpha.
 */
export function aaCheckTrials(matrix: TrialMatrix, options: TrialAnalysisOptions): TrialAaCheck {
  const est = estimateTrialChange(matrix, options.better);
  const noise =
    est && est.df >= 1
      ? { process: relative(est.sigmaProcess), iteration: relative(est.sigmaIteration), unit: relative(est.sigmaUnit) }
      : undefined;
  const sides = (['base', 'head'] as const).filter((s) => matrix[s].length >= 2);
  if (sides.length === 0)
    return { splits: [], falseAlarm: false, ...(noise ? { noise } : {}), note: 'one worker a side: no A/A split' };
  const half = { ...options, alpha: options.alpha / sides.length };
  const splits = sides.map((s) => splitSide(matrix, s, half));
  const falseAlarm = splits.some((s) => s.analysis.verdict === 'regression' || s.analysis.verdict === 'improvement');
  return { splits, falseAlarm, ...(noise ? { noise } : {}) };
}
