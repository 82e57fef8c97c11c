// Baselines + candidates → verdicts → gate decision → rendered reports. Pure: no I/O.
import type { GateConfig } from '../config/schema.js';
import { renderMarkdown } from './renderMarkdown.js';
import { renderTerminal } from './renderTerminal.js';
import type { ReportInput } from './types.js';
import type { ResultDoc } from '../result/schema.js';
import { compareRuns } from '../stats/compareRuns.js';
import { decideGate } from '../stats/decideGate.js';
import { refusedByFingerprint } from '../stats/configStates.js';
import type { BaselineProvenance, CompareMode, Comparison, GateDecision } from '../stats/types.js';

export const DEFAULT_ACCEPT_LABEL = 'perf-regression-accepted';

export interface EvaluateInput {
  readonly baselines: readonly ResultDoc[];
  readonly candidates: readonly ResultDoc[];
  readonly gate: GateConfig;
  readonly mode?: CompareMode;
  /** A maintainer accepted the regression (the escape-hatch label is on the PR). */
  readonly accepted?: boolean;
  readonly acceptLabel?: string;
  readonly reproduceCommand?: string;
  readonly configPath?: string;
  /** Hidden marker put first in the markdown, for sticky comments. */
  readonly marker?: string;
  readonly maxLength?: number;
  /** Where the baseline came from, or why there is none: the headline says it. */
  readonly baseline?: BaselineProvenance;
  /** No baseline is expected (a run that records one, or `run` without --baseline): see GateOptions. */
  readonly baselineOptional?: boolean;
}

export interface GateEvaluation {
  readonly comparison: Comparison;
  readonly decision: GateDecision;
  readonly markdown: string;
  readonly terminal: (color: boolean) => string;
}

export type ReportOptions = Omit<EvaluateInput, 'baselines' | 'candidates' | 'mode'>;

export function evaluate(input: EvaluateInput): GateEvaluation {
  const comparison = compareRuns(input.baselines, input.candidates, {
    gate: input.gate,
    ...(input.mode ? { mode: input.mode } : {}),
  });
  return decideAndRender(comparison, input.baselines, input.candidates, input);
}

/**
 * The comparison with where its baseline came from. A baseline the store found but the fingerprint
 * policy refused is reported as refused, naming both machines.
 */
export function withProvenance(comparison: Comparison, baseline: BaselineProvenance | undefined): Comparison {
  if (baseline === undefined) return comparison;
  if (baseline.status !== 'found' || !refusedByFingerprint(comparison)) return { ...comparison, baseline };
  const { baselineMachine, candidateMachine } = comparison.fingerprint;
  const machines = baselineMachine && candidateMachine ? ` (${baselineMachine}, this run ${candidateMachine})` : '';
  return {
    ...comparison,
    baseline: {
      ...baseline,
      status: 'refused',
      reason: `the baseline ran on another machine${machines}; fingerprint_mismatch: refuse`,
    },
  };
}

/** A comparison → the gate's decision and the rendered reports (shared with A/B mode). */
export function decideAndRender(
  compared: Comparison,
  baselines: readonly ResultDoc[],
  candidates: readonly ResultDoc[],
  input: ReportOptions,
): GateEvaluation {
  const comparison = withProvenance(compared, input.baseline);
  const decision = decideGate(comparison, input.gate.fail_on, input.accepted ?? false, {
    allowNew: input.gate.allow_new,
    ...(input.baselineOptional !== undefined ? { baselineOptional: input.baselineOptional } : {}),
  });
  const report: ReportInput = {
    comparison,
    gate: decision,
    baselines,
    candidates,
    acceptLabel: input.acceptLabel ?? DEFAULT_ACCEPT_LABEL,
    allowNew: input.gate.allow_new,
    ...(input.reproduceCommand ? { reproduceCommand: input.reproduceCommand } : {}),
    ...(input.configPath ? { configPath: input.configPath } : {}),
  };
  let markdown: string | undefined;
  return {
    comparison,
    decision,
    // Rendered on first use: `compare --format json` over many configs never needs it.
    get markdown() {
      markdown ??= renderMarkdown(report, {
        ...(input.marker ? { marker: input.marker } : {}),
        ...(input.maxLength ? { maxLength: input.maxLength } : {}),
      });
      return markdown;
    },
    terminal: (color) => renderTerminal(report, { color }),
  };
}
