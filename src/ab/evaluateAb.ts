// Base runs + head runs of one A/B job → A/A check, paired comparison (mode 'ab') with this job's
// noise floor, gate decision and rendered reports. Pure: no I/O. Shares report/evaluate.ts's
// decide-and-render step and adds the A/A section to the comment.
import type { GateConfig } from '../config/schema.js';
import { decideAndRender, type GateEvaluation } from '../report/evaluate.js';
import { DEFAULT_MAX_LENGTH } from '../report/renderMarkdown.js';
import type { ResultDoc } from '../result/schema.js';
import { compareRuns } from '../stats/compareRuns.js';
import { aaCheck, logNoiseOf, noiseFloorOf, type AaCheck } from './aaCheck.js';
import { renderAaMarkdown, renderAaText } from './renderAaSection.js';

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

export interface AbEvaluation extends GateEvaluation {
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
  const section = renderAaMarkdown(aa, input.notes);
  const maxLength = input.maxLength ?? DEFAULT_MAX_LENGTH;
  const main = decideAndRender(comparison, input.baseRuns, input.headRuns, {
    ...input,
    maxLength: Math.max(1000, maxLength - section.length - 2),
  });
  const markdown =
    main.markdown.length + section.length + 2 <= maxLength ? `${main.markdown}\n\n${section}` : main.markdown;
  return {
    ...main,
    markdown,
    terminal: (color) => `${main.terminal(color)}\n\n${renderAaText(aa, input.notes)}`,
    aa,
  };
}
