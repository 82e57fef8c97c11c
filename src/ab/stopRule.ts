// When a config's trials stop: after each block (one epoch of worker processes), from the gated
// metrics' analyses, the trials run and the time used. Pure.
import type { TrialAnalysis } from '../trials/analysis.js';
import type { STOP_REASONS } from '../trials/trialSet.js';

export type StopReason = (typeof STOP_REASONS)[number];

export interface StopInput {
  /** The analyses of this config's gated latency metrics after the last block. */
  readonly gated: readonly TrialAnalysis[];
  readonly trials: number;
  readonly elapsedS: number;
  readonly budgetS: number;
  /** Seconds the next block is expected to take (the last block's, restarts included). */
  readonly nextBlockS: number;
  /** `--trials N`: run exactly this many, whatever the analyses say. */
  readonly fixedTrials?: number;
  readonly maxTrials: number;
}

/** The reason to stop now, or undefined to run another block. */
export function stopReason(input: StopInput): StopReason | undefined {
  if (input.fixedTrials !== undefined && input.trials >= input.fixedTrials) return 'fixed-trials';
  if (input.fixedTrials === undefined && input.gated.length > 0 && input.gated.every((a) => a.decided))
    return 'decided';
  if (input.trials >= input.maxTrials) return 'budget-trials';
  // Stop before a block that would overrun the budget rather than after it (also with --trials:
  // a recording stops with what it has rather than overrun its time).
  if (input.elapsedS + input.nextBlockS > input.budgetS) return 'budget-time';
  return undefined;
}
