// What is known about each config, in the four states a reviewer reads: a regression, not measured
// (failed, missing, no baseline, refused by fingerprint), could not decide (a gating metric is
// inconclusive), or passed (every gating metric unchanged or improved, or new by explicit policy).
// The gate (decideGate) and the report's headline both read these, so they never disagree.
import { METRIC_INFO } from '../metrics.js';
import type { Comparison, ConfigComparison, MetricVerdict } from './types.js';

export type ConfigState = 'regression' | 'not-measured' | 'undecided' | 'passed';

export interface ConfigStatus {
  readonly name: string;
  readonly state: ConfigState;
  /** Plain words with metric labels, e.g. "regression: Throughput -11.5% [-13.0%, -10.0%]". */
  readonly reason: string;
  /** Whether the config was compared with a baseline at all. */
  readonly compared: boolean;
  /**
   * Not measured only for want of a usable baseline (new, settings changed, every baseline run
   * failed, or the baseline refused by fingerprint): a run that records the baseline may pass it.
   */
  readonly noBaseline?: boolean;
  /** The gating metrics behind a regression or an undecided state. */
  readonly metrics: readonly MetricVerdict[];
}

export interface StateOptions {
  /** gate.allow_new: a config without a baseline passes (and may show ✅). */
  readonly allowNew?: boolean;
}

const pct = (x: number): string => `${x > 0 ? '+' : x < 0 ? '-' : ''}${Math.abs(x * 100).toFixed(1)}%`;

/** "Throughput -11.5% [-13.0%, -10.0%]": a metric's label, change and interval. */
export function describeChange(m: MetricVerdict): string {
  const label = METRIC_INFO[m.metric].label;
  if (m.change === undefined) return label;
  return `${label} ${pct(m.change)}${m.ci ? ` [${pct(m.ci[0])}, ${pct(m.ci[1])}]` : ''}`;
}

/** True when fingerprint_mismatch: refuse left no baseline run to compare with. */
export function refusedByFingerprint(comparison: Comparison): boolean {
  return !comparison.fingerprint.match && comparison.fingerprint.policy === 'refuse';
}

function undecidedReason(metrics: readonly MetricVerdict[]): string {
  if (metrics.length === 0) return 'could not decide: no metric was measured on both sides';
  const what = metrics.map((m) => {
    const mde = m.mde !== undefined && !m.awaitingConfirmation ? `, detectable ±${pct(m.mde).slice(1)}` : '';
    return `${describeChange(m)}${mde}`;
  });
  return `could not decide: ${what.join('; ')}`;
}

function notMeasured(c: ConfigComparison, refused: boolean, allowNew: boolean): ConfigStatus | undefined {
  const base = { name: c.name, compared: false, metrics: [] };
  if (c.verdict === 'failed')
    return {
      ...base,
      state: 'not-measured',
      reason: `failed: ${c.error?.kind ?? 'error'}${c.error ? ` (${c.error.message})` : ''}`,
    };
  if (c.verdict === 'missing')
    return { ...base, state: 'not-measured', reason: 'missing: in the baseline, not in this run' };
  if (refused)
    return {
      ...base,
      state: 'not-measured',
      reason: 'not measured: the baseline ran on another machine (fingerprint_mismatch: refuse)',
      noBaseline: true,
    };
  if (c.verdict !== 'new') return undefined;
  const why = c.metrics.find((m) => m.note !== undefined)?.note;
  if (allowNew) return { ...base, state: 'passed', reason: `new: no baseline yet (gate.allow_new)`, noBaseline: true };
  return {
    ...base,
    state: 'not-measured',
    reason: `not measured: no baseline${why ? ` (${why})` : ''}`,
    noBaseline: true,
  };
}

export function configStatus(c: ConfigComparison, refused: boolean, options: StateOptions = {}): ConfigStatus {
  const unmeasured = notMeasured(c, refused, options.allowNew ?? false);
  if (unmeasured) return unmeasured;
  const gating = c.metrics.filter((m) => m.gating);
  const regressions = gating.filter((m) => m.verdict === 'regression');
  if (regressions.length > 0)
    return {
      name: c.name,
      state: 'regression',
      reason: `regression: ${regressions.map(describeChange).join(', ')}`,
      compared: true,
      metrics: regressions,
    };
  // Without gating metrics the config's own verdict (worst over all metrics) stands in.
  const undecided = (gating.length > 0 ? gating : c.metrics).filter((m) => m.verdict === 'inconclusive');
  if (undecided.length > 0 || (gating.length === 0 && c.verdict === 'inconclusive'))
    return { name: c.name, state: 'undecided', reason: undecidedReason(undecided), compared: true, metrics: undecided };
  return { name: c.name, state: 'passed', reason: c.verdict, compared: true, metrics: [] };
}

export function configStatuses(comparison: Comparison, options: StateOptions = {}): ConfigStatus[] {
  const refused = refusedByFingerprint(comparison);
  return comparison.configs.map((c) => configStatus(c, refused, options));
}
