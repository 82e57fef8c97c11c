// The step outputs later workflow steps read, from the comparison and the gate. Pure.
import type { Comparison, GateDecision } from '../stats/types.js';
import { VERDICTS } from '../stats/types.js';
import { OUTPUTS, type OutputName } from './inputs.js';

/** The worst verdict present (VERDICTS is ordered worst first), or "none" for an empty comparison. */
export function overallVerdict(comparison: Comparison): string {
  return VERDICTS.find((v) => (comparison.counts[v] ?? 0) > 0) ?? 'none';
}

export function gateOutcome(decision: GateDecision): 'passed' | 'failed' | 'accepted' {
  if (decision.failed) return 'failed';
  return decision.accepted && decision.failing.length > 0 ? 'accepted' : 'passed';
}

export function actionOutputs(
  comparison: Comparison,
  decision: GateDecision,
  paths: { results: string; report: string },
): Record<OutputName, string> {
  const n = (k: keyof Comparison['counts']) => String(comparison.counts[k] ?? 0);
  return {
    [OUTPUTS.verdict]: overallVerdict(comparison),
    [OUTPUTS.gate]: gateOutcome(decision),
    [OUTPUTS.regressions]: n('regression'),
    [OUTPUTS.improvements]: n('improvement'),
    [OUTPUTS.unchanged]: n('unchanged'),
    [OUTPUTS.inconclusive]: n('inconclusive'),
    [OUTPUTS.new]: n('new'),
    [OUTPUTS.missing]: n('missing'),
    [OUTPUTS.failed]: n('failed'),
    [OUTPUTS.resultsPath]: paths.results,
    [OUTPUTS.reportPath]: paths.report,
  };
}
