// One saved commit as a history record: per config, the centre of each metric over this commit's
// runs, the between-run interval of the baseline window ending at this commit (what a pull request
// would be compared with), the iteration and run counts, and the verdict against the window before
// it. Pure: the store hands in the runs; nothing is read or written here.
import { gateFromResult } from '../../cli/loadResults.js';
import { isLatencyMetric, MEMORY_METRICS, type MetricName } from '../../metrics.js';
import type { BenchmarkResult, ResultDoc } from '../../result/schema.js';
import { compareRuns } from '../../stats/compareRuns.js';
import { memoryValue, runSeries } from '../../stats/runSamples.js';
import { mean, median, variance } from '../../stats/descriptive.js';
import { tQuantile } from '../../stats/distributions.js';
import { newestRuns } from '../window.js';
import type { CommitRecord, ConfigSummary, MetricSummary } from './historySchema.js';

/** Latency metrics kept in the history (e2e_ms is e2e_tok_s inverted; memory metrics are kept when recorded). */
export const HISTORY_LATENCY_METRICS = ['e2e_tok_s', 'decode_tok_s', 'ttft_ms', 'tpot_ms'] as const;

export interface CommitRuns {
  /** The series' stored window before this save (any order). */
  readonly previous: readonly ResultDoc[];
  /** The runs this save adds: one commit (one job's run, or its repeated runs). */
  readonly added: readonly ResultDoc[];
  /** K: the window size. */
  readonly keep: number;
  readonly accepted?: boolean | undefined;
}

/** Five significant digits: what the dashboard shows, and a third of the bytes of a full double. */
export function round5(x: number): number {
  return Number(x.toPrecision(5));
}

/** Per-run values of one metric of one benchmark: per-run medians (adaptive rounds are runs) or the run's memory peak. */
function runValues(metric: MetricName, b: BenchmarkResult): number[] {
  if (b.status !== 'ok') return [];
  if (isLatencyMetric(metric))
    return runSeries(metric, b)
      .filter((r) => r.length > 0)
      .map((r) => median(r));
  const v = memoryValue(b, metric);
  return v === undefined ? [] : [v];
}

const tCache = new Map<number, number>();
function t975(df: number): number {
  let q = tCache.get(df);
  if (q === undefined) tCache.set(df, (q = tQuantile(0.975, df)));
  return q;
}

/** 95% t-interval of the window's centre on the log scale (runs multiply, so their spread is relative). */
export function windowInterval(values: readonly number[]): [number, number] | undefined {
  const logs = values.filter((v) => v > 0).map((v) => Math.log(v));
  if (logs.length < 2) return undefined;
  const half = (t975(logs.length - 1) * Math.sqrt(variance(logs))) / Math.sqrt(logs.length);
  const m = mean(logs);
  return [Math.exp(m - half), Math.exp(m + half)];
}

function summarizeMetric(
  metric: MetricName,
  own: readonly number[],
  window: readonly number[],
): MetricSummary | undefined {
  if (own.length === 0) return undefined;
  const ci = windowInterval(window);
  return [round5(median(own)), ci ? round5(ci[0]) : null, ci ? round5(ci[1]) : null];
}

function named(docs: readonly ResultDoc[], name: string): BenchmarkResult[] {
  return docs.flatMap((d) => d.benchmarks.filter((b) => b.name === name));
}

function summarizeConfig(
  name: string,
  own: readonly ResultDoc[],
  window: readonly ResultDoc[],
  verdict: ConfigSummary['verdict'],
): ConfigSummary {
  const mine = named(own, name);
  const inWindow = named(window, name);
  const newest = mine[mine.length - 1]!;
  const present = new Set<MetricName>([
    ...HISTORY_LATENCY_METRICS,
    ...MEMORY_METRICS.filter((m) => mine.some((b) => b.memory.some((p) => p.metric === m))),
  ]);
  const metrics: Partial<Record<MetricName, MetricSummary>> = {};
  for (const metric of present) {
    const s = summarizeMetric(
      metric,
      mine.flatMap((b) => runValues(metric, b)),
      inWindow.flatMap((b) => runValues(metric, b)),
    );
    if (s) metrics[metric] = s;
  }
  const ok = mine.filter((b) => b.status === 'ok');
  return {
    name,
    hash: newest.config_hash,
    ...(newest.labels ? { labels: newest.labels } : {}),
    verdict: ok.length > 0 ? verdict : 'failed',
    n: ok.reduce((s, b) => s + b.iterations.length, 0),
    runs: ok.reduce((s, b) => s + runSeries('e2e_ms', b).length, 0),
    window: inWindow.reduce((s, b) => s + runValues('e2e_ms', b).length, 0),
    metrics,
  };
}

/**
 * The record of the commit `added` measured. Earlier runs of the same commit still in the window
 * (a re-run of the save) are folded in, so one commit keeps one record.
 */
export function summarizeCommit(input: CommitRuns): CommitRecord {
  const first = input.added[0];
  if (!first) throw new Error('summarizeCommit: no runs to summarise');
  const commit = first.run.git?.sha;
  const sameCommit = (d: ResultDoc) => commit !== undefined && d.run.git?.sha === commit;
  const addedIds = new Set(input.added.map((d) => d.run.id));
  const earlier = input.previous.filter((d) => !addedIds.has(d.run.id));
  const own = [...earlier.filter(sameCommit), ...input.added];
  const before = newestRuns(
    earlier.filter((d) => !sameCommit(d)),
    input.keep,
  );
  const window = newestRuns([...own, ...before], input.keep);
  const verdicts = new Map(
    compareRuns(before, own, { gate: gateFromResult(first) }).configs.map((c) => [c.name, c.verdict]),
  );
  const names = [...new Set(own.flatMap((d) => d.benchmarks.map((b) => b.name)))];
  const times = own.map((d) => d.run.started_at).sort();
  return {
    ...(commit !== undefined ? { commit } : {}),
    time: times[0]!,
    run_ids: own.map((d) => d.run.id),
    ...(input.accepted ? { accepted: true } : {}),
    configs: names.map((name) => summarizeConfig(name, own, window, verdicts.get(name) ?? 'new')),
  };
}
