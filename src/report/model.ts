// The medium-independent content of a report: markdown and terminal renderers draw the same model,
// so the PR comment and the terminal never disagree. All strings here are raw (unescaped); each
// renderer escapes for its medium.
import { LATENCY_METRICS, MEMORY_METRICS, type MetricName } from '../metrics.js';
import type { BenchmarkError } from '../result/schema.js';
import {
  VERDICTS,
  type ConfigComparison,
  type FingerprintDifference,
  type MetricVerdict,
  type SideSummary,
  type VerdictKind,
} from '../stats/types.js';
import { countLabel, VERDICT_RANK } from './format.js';
import { describeMachine } from './machine.js';
import type { ReportInput } from './types.js';
import { shortSha } from './escape.js';

export type ReportStatus = 'failed' | 'accepted' | 'reported' | 'passed';

export interface Headline {
  readonly status: ReportStatus;
  /** e.g. "Performance regression", "No regression". */
  readonly statusText: string;
  /** e.g. "1 regression, 5 unchanged, 1 inconclusive". */
  readonly counts: string;
  /** e.g. "stored baseline (5 runs) vs 1 run". */
  readonly mode: string;
  readonly machine?: string;
  readonly commits?: { readonly baseline?: string; readonly candidate?: string };
}

export interface MetricRow {
  readonly config: string;
  /** Undefined for a config-level row (a failed or missing config with no metrics). */
  readonly metric?: MetricName;
  readonly verdict: VerdictKind;
  readonly baseline?: number;
  readonly candidate?: number;
  readonly change?: number;
  readonly ci?: readonly [number, number];
  readonly note?: string;
}

export interface MetricGroup {
  readonly id: 'throughput' | 'memory';
  readonly title: string;
  readonly rows: readonly MetricRow[];
}

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
}

export interface Failure {
  readonly config: string;
  readonly error: BenchmarkError;
}

export interface ChartItem {
  readonly label: string;
  readonly baseline?: number;
  readonly candidate?: number;
  readonly verdict: VerdictKind;
}

export interface ReportModel {
  readonly title: string;
  readonly headline: Headline;
  /** Configs that fail the gate, with the gate's reason. */
  readonly failing: readonly { readonly name: string; readonly reason: string }[];
  /** Things a reviewer must know before trusting the numbers. */
  readonly warnings: readonly string[];
  /** The escape hatch, when there is a regression to accept or one was accepted. */
  readonly accept?: { readonly label: string; readonly accepted: boolean };
  readonly groups: readonly MetricGroup[];
  readonly chart: readonly ChartItem[];
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

const STATUS_TEXT: Readonly<Record<ReportStatus, string>> = {
  failed: 'Performance gate failed',
  accepted: 'Regression accepted',
  reported: 'Regression reported (not gating)',
  passed: 'No regression',
};

const CORRECTION_NAMES: Readonly<Record<string, string>> = {
  holm: 'Holm–Bonferroni (family-wise error rate)',
  bonferroni: 'Bonferroni (family-wise error rate)',
  'benjamini-hochberg': 'Benjamini–Hochberg (false discovery rate)',
  none: 'no correction',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function reportStatus(input: ReportInput): ReportStatus {
  if (input.gate.accepted) return 'accepted';
  if (input.gate.failed) return 'failed';
  if (input.comparison.counts.regression > 0) return 'reported';
  return 'passed';
}

function countsText(counts: Readonly<Record<VerdictKind, number>>): string {
  const parts = VERDICTS.filter((k) => counts[k] > 0).map((k) => countLabel(k, counts[k]));
  return parts.length > 0 ? parts.join(', ') : 'no configurations compared';
}

function modeText(input: ReportInput): string {
  const { mode, baselineRuns, candidateRuns } = input.comparison;
  if (mode === 'ab')
    return `A/B on one runner (${plural(baselineRuns, 'base run')}, ${plural(candidateRuns, 'head run')})`;
  return `stored baseline (${plural(baselineRuns, 'run')}) vs ${plural(candidateRuns, 'run')}`;
}

function machineText(input: ReportInput): string | undefined {
  const fp = input.comparison.fingerprint;
  const candidate = fp.candidateMachine ?? describeMachine(input.candidates[0]?.environment.fields);
  const baseline = fp.baselineMachine ?? describeMachine(input.baselines[0]?.environment.fields);
  if (candidate !== undefined && baseline !== undefined && candidate !== baseline)
    return `${candidate} (baseline on ${baseline})`;
  return candidate ?? baseline;
}

function commitsOf(input: ReportInput): Headline['commits'] {
  const baseline = shortSha(input.comparison.commits.baseline ?? input.baselines[0]?.run.git?.sha);
  const candidate = shortSha(input.comparison.commits.candidate ?? input.candidates[0]?.run.git?.sha);
  if (baseline === undefined && candidate === undefined) return undefined;
  return { baseline, candidate };
}

/** The worst verdict among a config's metrics of one group (or the config's own, for failures). */
function worstIn(config: ConfigComparison, metrics: readonly MetricVerdict[]): VerdictKind {
  let worst: VerdictKind = metrics.length === 0 ? config.verdict : 'unchanged';
  for (const m of metrics) if (VERDICT_RANK[m.verdict] < VERDICT_RANK[worst]) worst = m.verdict;
  return worst;
}

function rowOf(config: ConfigComparison, m: MetricVerdict): MetricRow {
  return {
    config: config.name,
    metric: m.metric,
    verdict: m.verdict,
    baseline: m.baseline?.centre,
    candidate: m.candidate?.centre,
    change: m.change,
    ci: m.ci,
    note: m.note,
  };
}

function configNote(config: ConfigComparison): string | undefined {
  if (config.error !== undefined) return `${config.error.kind}: ${config.error.message}`;
  if (config.verdict === 'missing') return 'in the baseline, not in this run';
  if (config.verdict === 'new') return 'no baseline yet';
  return undefined;
}

function buildGroup(
  id: MetricGroup['id'],
  title: string,
  names: readonly MetricName[],
  configs: readonly ConfigComparison[],
  withConfigRows: boolean,
): MetricGroup {
  const order = (m: MetricName): number => names.indexOf(m);
  const blocks = configs.map((config, index) => {
    const metrics = config.metrics
      .filter((m) => names.includes(m.metric))
      .sort((a, b) => order(a.metric) - order(b.metric));
    const rows: MetricRow[] = metrics.map((m) => rowOf(config, m));
    // A config with nothing measured still needs a row (once, in the first group) so it is seen.
    if (rows.length === 0 && withConfigRows && config.metrics.length === 0)
      rows.push({ config: config.name, verdict: config.verdict, note: configNote(config) });
    return { rank: VERDICT_RANK[worstIn(config, metrics)], index, rows };
  });
  blocks.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return { id, title, rows: blocks.flatMap((b) => b.rows) };
}

function failuresOf(input: ReportInput): Failure[] {
  const out: Failure[] = [];
  const seen = new Set<string>();
  for (const c of input.comparison.configs) {
    if (c.error !== undefined) {
      out.push({ config: c.name, error: c.error });
      seen.add(c.name);
    }
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

function warningsOf(input: ReportInput): string[] {
  const out: string[] = [];
  const fp = input.comparison.fingerprint;
  if (!fp.match) {
    const fields = fp.differences.map((d) => d.field).join(', ');
    const action =
      fp.policy === 'refuse' ? 'the comparison was refused' : fp.policy === 'warn' ? 'compared anyway' : 'compared';
    out.push(`Baseline and candidate ran on different machines (${fields || 'fingerprint differs'}): ${action}.`);
  }
  for (const c of input.comparison.configs) {
    if (c.tokensChanged === true)
      out.push(
        `${c.name}: generated tokens differ from the baseline's, so a speed change may come from different output.`,
      );
    for (const v of c.validity ?? []) out.push(`${c.name}: ${v}`);
  }
  return out;
}

function correctionText(input: ReportInput): string {
  const { method, alpha, tests } = input.comparison.correction;
  const name = CORRECTION_NAMES[method] ?? method;
  return `${name} over ${plural(tests, 'test')} (configurations × metrics), α = ${alpha}; confidence intervals are at the corrected level.`;
}

export function buildReportModel(input: ReportInput): ReportModel {
  const { comparison } = input;
  const configs = comparison.configs;
  const status = reportStatus(input);
  const hasRegression = comparison.counts.regression > 0 || input.gate.accepted;
  const primary = (c: ConfigComparison): MetricVerdict | undefined => c.metrics.find((m) => m.metric === 'e2e_tok_s');
  return {
    title: input.title ?? 'llm-perf-gate',
    headline: {
      status,
      statusText: STATUS_TEXT[status],
      counts: countsText(comparison.counts),
      mode: modeText(input),
      machine: machineText(input),
      commits: commitsOf(input),
    },
    failing: input.gate.failing,
    warnings: warningsOf(input),
    accept:
      input.acceptLabel !== undefined && hasRegression
        ? { label: input.acceptLabel, accepted: input.gate.accepted }
        : undefined,
    groups: [
      buildGroup('throughput', 'Throughput and latency', LATENCY_METRICS, configs, true),
      buildGroup('memory', 'Memory', MEMORY_METRICS, configs, false),
    ].filter((g) => g.rows.length > 0),
    chart: configs
      .map((c) => ({ c, m: primary(c) }))
      .filter(({ m }) => m !== undefined && (m.baseline !== undefined || m.candidate !== undefined))
      .map(({ c, m }) => ({
        label: c.name,
        baseline: m?.baseline?.centre,
        candidate: m?.candidate?.centre,
        verdict: m?.verdict ?? c.verdict,
      })),
    samples: configs.flatMap((c) =>
      c.metrics
        .filter((m) => (LATENCY_METRICS as readonly string[]).includes(m.metric))
        .map((m) => ({ config: c.name, metric: m.metric, baseline: m.baseline, candidate: m.candidate })),
    ),
    noiseFloor: Object.entries(comparison.noiseFloor ?? {}).map(([key, value]) => ({ key, value })),
    noise: configs.flatMap((c) =>
      c.metrics.map((m) => ({
        config: c.name,
        metric: m.metric,
        verdict: m.verdict,
        mde: m.mde,
        margin: m.margin,
        method: m.method,
      })),
    ),
    fingerprint: comparison.fingerprint,
    failures: failuresOf(input),
    reproduceCommand: input.reproduceCommand,
    configPath: input.configPath,
    correction: correctionText(input),
  };
}
