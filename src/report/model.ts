// The medium-independent content of a report: markdown and terminal renderers draw the same model,
// so the PR comment and the terminal never disagree. All strings here are raw (unescaped); each
// renderer escapes for its medium.
import { LATENCY_METRICS, MEMORY_METRICS, METRIC_INFO, type MetricName } from '../metrics.js';
import type { BenchmarkError } from '../result/schema.js';
import { configStatuses, type ConfigStatus } from '../stats/configStates.js';
import type { ConfigComparison, FingerprintDifference, GateFailure, SideSummary, VerdictKind } from '../stats/types.js';
import type { ChangeItem } from './chart.js';
import { headlineFacts, nextStep, type HeadlineFacts } from './headline.js';
import { runFacts, type RunFacts } from './runFacts.js';
import { buildGroup, topRows, type MetricGroup, type MetricRow } from './rows.js';
import { summaryNotes, type TrialRow, trialRows } from './notes.js';
import type { ReportInput } from './types.js';
import { definedFields } from '../util/definedFields.js';

export type { MetricGroup, MetricRow } from './rows.js';

/** Rows above the fold, at most. */
export const TOP_ROWS = 10;

export interface SampleRow {
  readonly config: string;
  readonly metric: MetricName;
  readonly baseline?: SideSummary;
  readonly candidate?: SideSummary;
}

export interface NoiseRow {
  readonly config: string;
  readonly metric: MetricName;
  readonly verdict: VerdictKind;
  readonly mde?: number;
  readonly margin: number;
  readonly method: string;
  /** Why the verdict is what it is, in words (e.g. "needs 3 candidate runs to confirm"). */
  readonly note?: string;
}

export interface Failure {
  readonly config: string;
  readonly error: BenchmarkError;
}

export interface ReportModel {
  readonly title: string;
  readonly headline: HeadlineFacts & RunFacts;
  /** Configs that fail the gate (or that the accept label let pass), with the gate's reason. */
  readonly failing: readonly GateFailure[];
  /** Undecided configs that do not fail the gate: what is known and what would decide it. */
  readonly undecided: readonly { readonly name: string; readonly reason: string; readonly next?: string }[];
  /** Things a reviewer must know before trusting the numbers. */
  readonly warnings: readonly string[];
  /** The escape hatch, when something fails or was accepted. */
  readonly accept?: { readonly label: string; readonly accepted: boolean };
  /** Above the fold: failing and undecided configs' gating metrics, then the largest changes. */
  readonly top: readonly MetricRow[];
  readonly groups: readonly MetricGroup[];
  /** What Baseline, Candidate and Change are, and the smallest detectable change: once, under the table. */
  readonly tableNotes: readonly string[];
  readonly chart: { readonly metric: string; readonly margin: number; readonly items: readonly ChangeItem[] };
  readonly trials: readonly TrialRow[];
  readonly samples: readonly SampleRow[];
  readonly noiseFloor: readonly { readonly key: string; readonly value: number }[];
  readonly noise: readonly NoiseRow[];
  readonly fingerprint: {
    readonly match: boolean;
    readonly policy: string;
    readonly baselineMachine?: string;
    readonly candidateMachine?: string;
    readonly differences: readonly FingerprintDifference[];
  };
  readonly failures: readonly Failure[];
  readonly reproduceCommand?: string;
  readonly configPath?: string;
  readonly correction: string;
}

function failuresOf(input: ReportInput): Failure[] {
  const out: Failure[] = [];
  const seen = new Set<string>();
  for (const c of input.comparison.configs)
    if (c.error !== undefined) {
      out.push({ config: c.name, error: c.error });
      seen.add(c.name);
    }
  // Failed benchmarks the comparison did not carry an error for (e.g. failed on both sides).
  for (const doc of input.candidates)
    for (const b of doc.benchmarks)
      if (b.status === 'failed' && b.error !== undefined && !seen.has(b.name)) {
        out.push({ config: b.name, error: b.error });
        seen.add(b.name);
      }
  return out;
}

/** The gating latency metric the chart shows: throughput unless the config gates another. */
function chartMetric(configs: readonly ConfigComparison[]): MetricName {
  const gated = LATENCY_METRICS.filter((m) => configs.some((c) => c.metrics.some((v) => v.metric === m && v.gating)));
  return gated.includes('e2e_tok_s') || gated.length === 0 ? 'e2e_tok_s' : (gated[0] as MetricName);
}

function chartOf(configs: readonly ConfigComparison[]): ReportModel['chart'] {
  const metric = chartMetric(configs);
  const items: ChangeItem[] = [];
  let margin = 0.05;
  for (const c of configs) {
    const m = c.metrics.find((v) => v.metric === metric);
    if (m?.change === undefined || m.ci === undefined) continue;
    margin = m.margin;
    items.push({ label: c.name, change: m.change, ci: m.ci, verdict: m.verdict });
  }
  return { metric: METRIC_INFO[metric].label, margin, items };
}

function noiseRows(configs: readonly ConfigComparison[]): NoiseRow[] {
  return configs.flatMap((c) =>
    c.metrics.map((m) => ({
      config: c.name,
      metric: m.metric,
      verdict: m.verdict,
      margin: m.margin,
      method: m.method,
      ...definedFields({ mde: m.mde, note: m.note }),
    })),
  );
}

/** An undecided config's reason and the step that would decide it. */
function undecidedEntry(input: ReportInput, s: ConfigStatus): ReportModel['undecided'][number] {
  const config = input.comparison.configs.find((c) => c.name === s.name);
  const metric = s.metrics[0];
  return metric === undefined
    ? { name: s.name, reason: s.reason }
    : { name: s.name, reason: s.reason, next: nextStep(input.comparison, config, metric) };
}

export function buildReportModel(input: ReportInput): ReportModel {
  const { comparison } = input;
  const configs = comparison.configs;
  const statuses = configStatuses(comparison, { allowNew: input.allowNew ?? false });
  const failingNames = new Set(input.gate.failing.map((f) => f.name));
  const notes = summaryNotes(input, statuses);
  return {
    title: input.title ?? 'llm-perf-gate',
    headline: { ...headlineFacts(input), ...runFacts(input) },
    failing: input.gate.failing,
    undecided: statuses
      .filter((s) => s.state === 'undecided' && !failingNames.has(s.name))
      .map((s) => undecidedEntry(input, s)),
    warnings: notes.warnings,
    ...(input.acceptLabel !== undefined && input.gate.failing.length > 0
      ? { accept: { label: input.acceptLabel, accepted: input.gate.accepted } }
      : {}),
    top: topRows(configs, statuses, TOP_ROWS),
    groups: [
      buildGroup({ id: 'throughput', title: 'Throughput and latency' }, LATENCY_METRICS, configs, true),
      buildGroup({ id: 'memory', title: 'Memory' }, MEMORY_METRICS, configs, false),
    ].filter((g) => g.rows.length > 0),
    tableNotes: notes.table,
    chart: chartOf(configs),
    trials: trialRows(configs),
    samples: configs.flatMap((c) =>
      c.metrics
        .filter((m) => (LATENCY_METRICS as readonly string[]).includes(m.metric))
        .map((m) => ({
          config: c.name,
          metric: m.metric,
          ...definedFields({ baseline: m.baseline, candidate: m.candidate }),
        })),
    ),
    noiseFloor: Object.entries(comparison.noiseFloor ?? {}).map(([key, value]) => ({ key, value })),
    noise: noiseRows(configs),
    fingerprint: comparison.fingerprint,
    failures: failuresOf(input),
    ...definedFields({ reproduceCommand: input.reproduceCommand, configPath: input.configPath }),
    correction: notes.correction,
  };
}
