// From an estimate to a verdict. Latency: a regression must be statistically clear (adjusted p below
// alpha) and larger than the margin; `unchanged` needs the whole interval inside ±margin; anything
// else is `inconclusive` with the smallest change this data could detect. Memory: a tolerance rule.
import type { Direction, LatencyMetric, MemoryMetric } from '../metrics.js';
import { tQuantile } from './distributions.js';
import type { ChangeEstimate } from './relativeChange.js';
import type { MetricVerdict, SideSummary, VerdictKind } from './types.js';

/** Power at which the minimum detectable effect is quoted. */
export const MDE_POWER = 0.9;

export interface LatencyInput {
  readonly metric: LatencyMetric;
  readonly better: Direction;
  readonly gating: boolean;
  readonly margin: number;
  readonly est: ChangeEstimate;
  readonly pValue: number;
  readonly adjustedP: number;
  readonly alpha: number;
  /** Two-sided level of the interval, agreeing with the corrected decision. */
  readonly ciAlpha: number;
  readonly correction: string;
  readonly baseline: SideSummary;
  readonly candidate: SideSummary;
  /** Reasons the candidate run was not clean; a slow-down then cannot be blamed on the code. */
  readonly validity: readonly string[];
  /** Candidate runs a regression or improvement needs; fewer make it a provisional `inconclusive`. */
  readonly confirmationRuns: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Smallest relative change (either way) that a test at level ciAlpha detects with MDE_POWER. */
export function minimumDetectable(est: Pick<ChangeEstimate, 'se' | 'df'>, ciAlpha: number): number {
  const z = tQuantile(1 - ciAlpha / 2, est.df) + tQuantile(MDE_POWER, est.df);
  return Math.exp(z * est.se) - 1;
}

export function decideLatency(input: LatencyInput): MetricVerdict {
  const { est, margin, better } = input;
  const q = tQuantile(1 - input.ciAlpha / 2, est.df);
  const ci: [number, number] = [Math.exp(est.logRatio - q * est.se) - 1, Math.exp(est.logRatio + q * est.se) - 1];
  const change = Math.exp(est.logRatio) - 1;
  const worse = better === 'higher' ? -change : change;
  const significant = input.adjustedP < input.alpha;
  const mde = minimumDetectable(est, input.ciAlpha);
  let verdict: VerdictKind;
  let note: string | undefined;
  let awaitingConfirmation = false;
  if (significant && worse > margin) verdict = 'regression';
  else if (significant && -worse > margin) verdict = 'improvement';
  else if (ci[0] > -margin && ci[1] < margin) verdict = 'unchanged';
  else {
    verdict = 'inconclusive';
    note = significant
      ? `a real change, but smaller than the ${pct(margin)} margin could not be ruled out or confirmed`
      : `this data detects changes of about ${pct(mde)} or more; the margin is ${pct(margin)}`;
  }
  if ((verdict === 'regression' || verdict === 'improvement') && input.candidate.runs < input.confirmationRuns) {
    // Either direction: a process can be slow (or fast) by itself, whatever the code.
    const slower = verdict === 'regression';
    verdict = 'inconclusive';
    awaitingConfirmation = true;
    const runs = `${input.candidate.runs} run${input.candidate.runs === 1 ? '' : 's'}`;
    note = `${slower ? 'slower' : 'faster'} by ${pct(Math.abs(change))} in ${runs}: needs ${input.confirmationRuns} candidate runs to confirm (a process can be slow or fast by itself, whatever the code)`;
  }
  if (verdict === 'regression' && input.validity.length > 0) {
    // A throttled GPU or busy host slows a run by itself: never blame the code for it.
    verdict = 'inconclusive';
    note = `slower, but the candidate run was not clean (${input.validity.join('; ')}): rerun on a quiet machine`;
  }
  return {
    metric: input.metric,
    better,
    verdict,
    baseline: input.baseline,
    candidate: input.candidate,
    change,
    ci,
    pValue: input.pValue,
    adjustedP: input.adjustedP,
    mde,
    margin,
    method: `${est.method}; ${input.correction}`,
    gating: input.gating,
    ...(note ? { note } : {}),
    ...(awaitingConfirmation && input.validity.length === 0 ? { awaitingConfirmation } : {}),
  };
}

export interface MemoryInput {
  readonly metric: MemoryMetric;
  readonly better: Direction;
  readonly gating: boolean;
  readonly baseline: SideSummary;
  readonly candidate: SideSummary;
  /** Relative tolerance (gate.memory_tolerance or the metric's margin). */
  readonly tolerance: number;
  /** Absolute slack in MiB (gate.memory_tolerance_mib). */
  readonly toleranceMib: number;
  /** Candidate runs (separate processes) a regression or improvement needs, as for throughput. */
  readonly confirmationRuns: number;
}

/**
 * Peak memory is nearly deterministic: a change of the median peak over runs beyond max(relative,
 * absolute) tolerance counts, once as many candidate runs show it as a throughput change needs.
 */
export function decideMemory(input: MemoryInput): MetricVerdict {
  const b = input.baseline.centre;
  const c = input.candidate.centre;
  const slack = Math.max(input.tolerance * b, input.toleranceMib);
  const delta = input.better === 'lower' ? c - b : b - c;
  const seen: VerdictKind = delta > slack ? 'regression' : -delta > slack ? 'improvement' : 'unchanged';
  const awaiting = seen !== 'unchanged' && input.candidate.runs < input.confirmationRuns;
  const verdict: VerdictKind = awaiting ? 'inconclusive' : seen;
  const runs = `${input.candidate.runs} run${input.candidate.runs === 1 ? '' : 's'}`;
  const note = awaiting
    ? `${seen === 'regression' ? 'more' : 'less'} memory by ${Math.abs(c - b).toFixed(1)} MiB in ${runs}: needs ${input.confirmationRuns} candidate runs to confirm`
    : verdict !== 'unchanged'
      ? `${(c - b).toFixed(1)} MiB against a slack of ${slack.toFixed(1)} MiB`
      : undefined;
  return {
    metric: input.metric,
    better: input.better,
    verdict,
    baseline: input.baseline,
    candidate: input.candidate,
    change: b > 0 ? c / b - 1 : 0,
    margin: input.tolerance,
    method: `memory tolerance: ±max(${pct(input.tolerance)}, ${input.toleranceMib} MiB) on the median peak over runs`,
    gating: input.gating,
    ...(note ? { note } : {}),
    ...(awaiting ? { awaitingConfirmation: true } : {}),
  };
}
