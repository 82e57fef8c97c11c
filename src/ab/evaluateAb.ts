// Base runs + head runs of one A/B job → A/A check, paired comparison (mode 'ab') with this job's
// noise floor, gate decision and rendered reports. Pure: no I/O. Mirrors pipeline/evaluate.ts, with
// the A/A section added to the comment.
import type { GateConfig } from '../config/schema.js';
import { DEFAULT_ACCEPT_LABEL, type Evaluation } from '../pipeline/evaluate.js';
import { renderMarkdown } from '../report/renderMarkdown.js';
import { renderTerminal } from '../report/renderTerminal.js';
import type { ReportInput } from '../report/types.js';
import type { ResultDoc } from '../result/schema.js';
import { compareRuns } from '../stats/compareRuns.js';
import { decideGate } from '../stats/decideGate.js';
import { aaCheck, logNoiseOf, noiseFloorOf, type AaCheck } from './aaCheck.js';
import { renderAaMarkdown, renderAaText } from './renderAaSection.js';

/** GitHub's comment limit is 65,536 characters; keep the same margin as renderMarkdown. */
const MAX_LENGTH = 65_000;

export interface AbEvaluateInput {
  /** Base runs in the order they ran (base-1, base-2, …); head runs likewise, paired by index. */
  readonly baseRuns: readonly ResultDoc[];
  readonly headRuns: readonly ResultDoc[];
  readonly gate: GateConfig;
  readonly accepted?: boolean;
  readonly acceptLabel?: string;
  readonly reproduceCommand?: string;
  readonly configPath?: string;
  readonly marker?: string;
  readonly maxLength?: number;
  /** Lines for the A/A section, e.g. which tree's config the base ran. */
  readonly notes?: readonly string[];
}

export interface AbEvaluation extends Evaluation {
  readonly aa: AaCheck;
}

export function evaluateAb(input: AbEvaluateInput): AbEvaluation {
  if (input.baseRuns.length !== input.headRuns.length)
    throw new Error(`A/B needs as many base runs as head runs (${input.baseRuns.length} vs ${input.headRuns.length})`);
  const aa = aaCheck(input.baseRuns, input.gate);
  const floor = noiseFloorOf(aa);
  const raw = compareRuns(input.baseRuns, input.headRuns, { gate: input.gate, mode: 'ab', noiseFloor: logNoiseOf(aa) });
  // The A/A measurement replaces the spread compareRuns derives from base−head pairs: it is
  // measured on unchanged code, so a real change cannot inflate it.
  const comparison = { ...raw, ...(Object.keys(floor).length > 0 ? { noiseFloor: floor } : {}) };
  const decision = decideGate(comparison, input.gate.fail_on, input.accepted ?? false);
  const report: ReportInput = {
    comparison,
    gate: decision,
    baselines: input.baseRuns,
    candidates: input.headRuns,
    acceptLabel: input.acceptLabel ?? DEFAULT_ACCEPT_LABEL,
    ...(input.reproduceCommand ? { reproduceCommand: input.reproduceCommand } : {}),
    ...(input.configPath ? { configPath: input.configPath } : {}),
  };
  const section = renderAaMarkdown(aa, input.notes);
  const maxLength = input.maxLength ?? MAX_LENGTH;
  const main = renderMarkdown(report, {
    ...(input.marker ? { marker: input.marker } : {}),
    maxLength: Math.max(1000, maxLength - section.length - 2),
  });
  const markdown = main.length + section.length + 2 <= maxLength ? `${main}\n\n${section}` : main;
  return {
    comparison,
    decision,
    markdown,
    terminal: (color) => `${renderTerminal(report, { color })}\n\n${renderAaText(aa, input.notes)}`,
    aa,
  };
}
