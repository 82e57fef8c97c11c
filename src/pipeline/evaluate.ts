// Baselines + candidates → verdicts → gate decision → rendered reports. Pure: no I/O.
import type { GateConfig } from '../config/schema.js';
import { renderMarkdown } from '../report/renderMarkdown.js';
import { renderTerminal } from '../report/renderTerminal.js';
import type { ReportInput } from '../report/types.js';
import type { ResultDoc } from '../result/schema.js';
import { compareRuns } from '../stats/compareRuns.js';
import { decideGate } from '../stats/decideGate.js';
import type { BaselineProvenance, CompareMode, Comparison, GateDecision } from '../stats/types.js';

export const DEFAULT_ACCEPT_LABEL = 'perf-regression-accepted';

export interface EvaluateInput {
  readonly baselines: readonly ResultDoc[];
  readonly candidates: readonly ResultDoc[];
  readonly gate: GateConfig;
  readonly mode?: CompareMode;
  /** Where the baseline came from (the store, its age); the headline states it. */
  readonly baseline?: BaselineProvenance;
  /** A maintainer accepted the regression (the escape-hatch label is on the PR). */
  readonly accepted?: boolean;
  readonly acceptLabel?: string;
  readonly reproduceCommand?: string;
  readonly configPath?: string;
  /** Hidden marker put first in the markdown, for sticky comments. */
  readonly marker?: string;
  readonly maxLength?: number;
}

export interface Evaluation {
  readonly comparison: Comparison;
  readonly decision: GateDecision;
  readonly markdown: string;
  readonly terminal: (color: boolean) => string;
}

export type ReportOptions = Omit<EvaluateInput, 'baselines' | 'candidates' | 'mode' | 'baseline'>;

export function evaluate(input: EvaluateInput): Evaluation {
  const compared = compareRuns(input.baselines, input.candidates, {
    gate: input.gate,
    ...(input.mode ? { mode: input.mode } : {}),
  });
  const comparison = input.baseline ? { ...compared, baseline: input.baseline } : compared;
  return decideAndRender(comparison, input.baselines, input.candidates, input);
}

/** A comparison → the gate's decision and the rendered reports (shared with A/B mode). */
export function decideAndRender(
  comparison: Comparison,
  baselines: readonly ResultDoc[],
  candidates: readonly ResultDoc[],
  input: ReportOptions,
): Evaluation {
  const decision = decideGate(comparison, input.gate.fail_on, input.accepted ?? false);
  const report: ReportInput = {
    comparison,
    gate: decision,
    baselines,
    candidates,
    acceptLabel: input.acceptLabel ?? DEFAULT_ACCEPT_LABEL,
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
