// The one line a reviewer reads: which of four states the comparison is in (a regression, not
// measured, could not decide, no regression), the evidence for it, the gate's result, and the
// facts of the run. ✅ only when every gating metric of every config is unchanged or improved (or
// new under gate.allow_new). Raw text; the renderers escape it.
import { configStatuses, describeChange, refusedByFingerprint, type ConfigStatus } from '../stats/configStates.js';
import type { Comparison, ConfigComparison, GateDecision, MetricVerdict } from '../stats/types.js';
import { formatPercent } from './format.js';
import { STORE_NAMES } from './runFacts.js';
import type { ReportInput } from './types.js';

export type HeadlineState = 'regression' | 'not-measured' | 'undecided' | 'passed';

export const HEADLINE_TITLE: Readonly<Record<HeadlineState, string>> = {
  regression: 'Regression',
  'not-measured': 'Not measured',
  undecided: 'Could not decide',
  passed: 'No regression',
};

export const HEADLINE_ICON: Readonly<Record<HeadlineState, string>> = {
  regression: '❌',
  'not-measured': '⚠️',
  undecided: '⚠️',
  passed: '✅',
};

const STATE_WORDS: Readonly<Record<GateDecision['failing'][number]['state'], string>> = {
  regression: 'regression',
  'not-measured': 'not measured',
  undecided: 'could not decide',
};

export interface HeadlineFacts {
  readonly state: HeadlineState;
  /** The evidence, e.g. "gpt2-fp16: Throughput -11.5% [-13.0%, -10.0%]". */
  readonly evidence: string;
  /** For "could not decide": what would decide it. */
  readonly nextStep?: string;
  /** e.g. "gate failed (fail_on: regression-or-failed)". */
  readonly gate: string;
}

const plainPct = (x: number): string => formatPercent(x).replace(/^[+-]/, '');
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function headlineState(statuses: readonly ConfigStatus[], comparison: Comparison): HeadlineState {
  if (statuses.some((s) => s.state === 'regression')) return 'regression';
  const baselineMissing = comparison.baseline !== undefined && comparison.baseline.status !== 'found';
  // A run that compared nothing is never a pass, whatever allow_new says.
  if (baselineMissing || !statuses.some((s) => s.compared) || statuses.some((s) => s.state === 'not-measured'))
    return 'not-measured';
  if (statuses.some((s) => s.state === 'undecided')) return 'undecided';
  return 'passed';
}

/** The metric with the largest absolute change, and its config. */
function largest(statuses: readonly ConfigStatus[]): { name: string; metric: MetricVerdict } | undefined {
  let best: { name: string; metric: MetricVerdict } | undefined;
  for (const s of statuses)
    for (const m of s.metrics)
      if (best === undefined || Math.abs(m.change ?? 0) > Math.abs(best.metric.change ?? 0))
        best = { name: s.name, metric: m };
  return best;
}

function regressionEvidence(statuses: readonly ConfigStatus[]): string {
  const regressed = statuses.filter((s) => s.state === 'regression');
  const top = largest(regressed);
  const head = top === undefined ? 'a gating metric regressed' : `${top.name}: ${describeChange(top.metric)}`;
  const more = regressed.length > 1 ? ` and ${plural(regressed.length - 1, 'more configuration')}` : '';
  const unmeasured = statuses.filter((s) => s.state === 'not-measured').length;
  return `${head}${more}${unmeasured > 0 ? `; ${unmeasured} not measured` : ''}`;
}

function baselineMissing(comparison: Comparison): string | undefined {
  const b = comparison.baseline;
  if (b === undefined || b.status === 'found') return undefined;
  const what = b.status === 'refused' ? 'baseline refused' : 'no baseline';
  return `${what} (${STORE_NAMES[b.store]}): ${b.reason ?? (b.status === 'none' ? 'none stored yet' : 'the store failed')}`;
}

/** Failures first (they are what broke), then why there was nothing to compare with. */
function notMeasuredEvidence(statuses: readonly ConfigStatus[], comparison: Comparison): string {
  const of = (kind: ConfigComparison['verdict']) => comparison.configs.filter((c) => c.verdict === kind);
  const failed = of('failed');
  const kinds = [...new Set(failed.map((c) => c.error?.kind ?? 'error'))].join(', ');
  const noBaseline = statuses.filter((s) => s.noBaseline && s.state === 'not-measured').length;
  const missingBaseline = baselineMissing(comparison);
  const why = refusedByFingerprint(comparison)
    ? 'the baseline ran on another machine (fingerprint_mismatch: refuse)'
    : `${noBaseline} without a baseline`;
  const parts = [
    ...(failed.length > 0 ? [`${failed.length} failed (${kinds})`] : []),
    ...(of('missing').length > 0 ? [`${of('missing').length} missing`] : []),
    ...(noBaseline > 0 && missingBaseline === undefined ? [why] : []),
  ];
  if (statuses.length === 0) return missingBaseline ?? 'no configuration ran';
  const unmeasured = statuses.filter((s) => s.state === 'not-measured' && !(s.noBaseline && missingBaseline)).length;
  const head =
    parts.length > 0
      ? `${unmeasured} of ${plural(statuses.length, 'configuration')} not measured: ${parts.join(', ')}`
      : undefined;
  return [head, missingBaseline].filter((x) => x !== undefined).join('; ');
}

/** What would decide an undecided metric: the concrete next step for this comparison. */
export function nextStep(comparison: Comparison, config: ConfigComparison | undefined, m: MetricVerdict): string {
  if ((config?.validity?.length ?? 0) > 0) return 'rerun on a quiet machine (the candidate runs were not clean)';
  const trials = config?.trials;
  if (trials !== undefined) {
    if (trials.stopReason === 'budget-time') return 'a larger A/B time budget (it stopped at its time limit)';
    if (trials.stopReason === 'budget-trials') return 'a larger A/B trial budget (it stopped at its trial limit)';
    return 'more A/B trials';
  }
  if (m.awaitingConfirmation === true)
    return 'more candidate runs to confirm the change (raise protocol.budget so the adaptive runs fit)';
  if (comparison.mode === 'ab') return 'more base and head runs';
  if ((m.mde ?? Infinity) > 2 * m.margin)
    return 'A/B mode (mode: ab), which measures base and head interleaved on this runner';
  return 'more runs: raise protocol.budget, or keep more baseline runs (gate.baseline_runs)';
}

function undecidedEvidence(statuses: readonly ConfigStatus[], comparison: Comparison): { text: string; next?: string } {
  const undecided = statuses.filter((s) => s.state === 'undecided');
  const top = largest(undecided);
  const more = undecided.length > 1 ? ` (${plural(undecided.length, 'configuration')} undecided)` : '';
  if (top === undefined) return { text: `${plural(undecided.length, 'configuration')} undecided` };
  const m = top.metric;
  const mde = m.mde !== undefined ? `, detectable ±${plainPct(m.mde)}` : '';
  const config = comparison.configs.find((c) => c.name === top.name);
  return {
    text: `largest change ${top.name}: ${describeChange(m)}${mde}, margin ±${plainPct(m.margin)}${more}`,
    next: nextStep(comparison, config, m),
  };
}

/** The failing states an accept label overrode, e.g. "regression, not measured". */
export function overriddenStates(decision: GateDecision): string {
  return [...new Set(decision.failing.map((f) => STATE_WORDS[f.state]))].join(', ');
}

function gateText(decision: GateDecision, acceptLabel: string | undefined): string {
  if (decision.accepted && decision.failing.length > 0)
    return `gate passed: the label ${acceptLabel ?? 'accept label'} overrode ${overriddenStates(decision)}`;
  return `gate ${decision.failed ? 'failed' : 'passed'} (fail_on: ${decision.policy})`;
}

export function headlineFacts(input: ReportInput): HeadlineFacts {
  const statuses = configStatuses(input.comparison, { allowNew: input.allowNew ?? false });
  const state = headlineState(statuses, input.comparison);
  const gate = gateText(input.gate, input.acceptLabel);
  switch (state) {
    case 'regression':
      return { state, evidence: regressionEvidence(statuses), gate };
    case 'not-measured':
      return { state, evidence: notMeasuredEvidence(statuses, input.comparison), gate };
    case 'undecided': {
      const u = undecidedEvidence(statuses, input.comparison);
      return { state, evidence: u.text, ...(u.next !== undefined ? { nextStep: u.next } : {}), gate };
    }
    case 'passed': {
      const allowed = statuses.filter((s) => s.noBaseline).length;
      const extra = allowed > 0 ? `; ${allowed} new, allowed by gate.allow_new` : '';
      return { state, evidence: `every gating metric unchanged or improved${extra}`, gate };
    }
  }
}
