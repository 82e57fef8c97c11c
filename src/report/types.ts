// What every report renderer takes: the comparison, the gate's decision and the runs behind them.
import type { ResultDoc } from '../result/schema.js';
import type { Comparison, GateDecision } from '../stats/types.js';

export interface ReportInput {
  comparison: Comparison;
  gate: GateDecision;
  baselines: readonly ResultDoc[];
  candidates: readonly ResultDoc[];
  /** The exact CLI command that reproduces the candidate's run locally. */
  reproduceCommand?: string;
  /** The PR label that accepts a regression (the escape hatch), e.g. "perf-regression-accepted". */
  acceptLabel?: string;
  title?: string;
  /** gate.allow_new: configs without a baseline count as passing (the headline may then show ✅). */
  allowNew?: boolean;
  configPath?: string;
}
