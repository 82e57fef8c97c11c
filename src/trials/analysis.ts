// Contract of the trial-level statistics (implemented in src/stats): what the A/B runner asks after
// every block of trials, and what it gets back. Pure data; no I/O.
import type { Direction } from '../metrics.js';
import type { TrialMatrix } from './trialSet.js';

export interface TrialAnalysisOptions {
  readonly better: Direction;
  /** Relative margin: an interval inside ±margin is `unchanged`; a regression must exceed it. */
  readonly margin: number;
  /** This test's false-alarm rate (already corrected across configs × metrics), valid at every look. */
  readonly alpha: number;
  /**
   * The looks so far, for group-sequential boundaries from an alpha-spending plan; without it the
   * interval is the anytime-valid confidence sequence, which needs no history.
   */
  readonly looks?: LookSchedule;
}

/** Every look of a config so far, this one last. */
export interface LookSchedule {
  /** Fraction of the time budget used at each look (increasing, at most 1). */
  readonly fractions: readonly number[];
  /** Complete trials at each look (the information proxy). */
  readonly information: readonly number[];
  /** This look is the last the budget allows: it spends all of alpha that is left. */
  readonly final: boolean;
}

export type TrialVerdict = 'regression' | 'improvement' | 'unchanged' | 'inconclusive';

export interface TrialAnalysis {
  readonly verdict: TrialVerdict;
  /** Estimated relative change head/base − 1 (0.05 = head 5% higher). */
  readonly change: number;
  /** Interval of the relative change at level 1 − alpha, valid at every look so far. */
  readonly ci: readonly [number, number];
  /** Smallest relative change these trials could have detected. */
  readonly mde: number;
  /** Complete trials used. */
  readonly trials: number;
  readonly workersPerSide: number;
  /** True when the verdict will not change with more trials (regression, improvement, unchanged). */
  readonly decided: boolean;
  /** e.g. "paired trial log-ratios, worker random effect, confidence sequence". */
  readonly method: string;
}

export type AnalyzeTrials = (matrix: TrialMatrix, options: TrialAnalysisOptions) => TrialAnalysis;
