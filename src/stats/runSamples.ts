// One side's samples as runs (separate processes) and their summary. Iterations inside one process
// share its state, so each run is reduced to its median; the side's centre is the value the change
// is computed from (docs/statistics.md), so a report can show it next to the change.
import { latencySeries, type LatencyMetric, type MemoryMetric } from '../metrics.js';
import type { BenchmarkResult, ResultDoc } from '../result/schema.js';
import { mean, median, quantile, tukeyOutliers } from './descriptive.js';
import type { SideSummary } from './types.js';

/**
 * Summary of one side's runs of a latency metric. The centre is the geometric mean of the per-run
 * medians: the change (relativeChange.ts) is the ratio of the two sides' geometric means, so
 * candidate.centre / baseline.centre − 1 is exactly the change shown.
 */
export function summarizeLatencyRuns(runs: readonly (readonly number[])[]): SideSummary {
  const nonEmpty = runs.filter((r) => r.length > 0);
  // Medians taken on the log scale, as the estimate takes them (for an even count the middle pair's
  // geometric mean), so the ratio of centres is the change to the last digit.
  return sideSummary(Math.exp(mean(nonEmpty.map((r) => median(r.map((x) => Math.log(x)))))), nonEmpty);
}

/** Summary of one peak per run (memory): the centre is the median peak over runs. */
export function summarizePeaks(peaks: readonly number[]): SideSummary {
  return sideSummary(
    median(peaks),
    peaks.map((p) => [p]),
  );
}

/** A side's summary around a given centre: counts, pooled median and IQR, outliers per run. */
export function sideSummary(centre: number, runs: readonly (readonly number[])[]): SideSummary {
  const all = runs.flat();
  return {
    centre,
    median: median(all),
    n: all.length,
    runs: runs.length,
    q1: quantile(all, 0.25),
    q3: quantile(all, 0.75),
    // Per run: a shift between runs is not an outlier of either run.
    outliers: runs.reduce((s, r) => s + tukeyOutliers(r), 0),
  };
}

/**
 * A benchmark's iterations of one metric as runs: each adaptive round is a fresh session (a fresh
 * process for the subprocess engines), so it counts as one more run of that side.
 */
export function runSeries(metric: LatencyMetric, b: BenchmarkResult): number[][] {
  const rounds = new Map<number, BenchmarkResult['iterations'][number][]>();
  for (const s of b.iterations) {
    const r = s.round ?? 0;
    const list = rounds.get(r);
    if (list) list.push(s);
    else rounds.set(r, [s]);
  }
  return [...rounds.keys()].sort((x, y) => x - y).map((r) => latencySeries(metric, rounds.get(r) ?? []));
}

/** Runs of one side, the metric's iterations per run, over several benchmarks. */
export function sideRuns(metric: LatencyMetric, benchmarks: readonly BenchmarkResult[]): number[][] {
  return benchmarks.flatMap((b) => runSeries(metric, b));
}

/** Runs on one side, counting adaptive rounds as runs: the most any config has. */
export function runsCount(docs: readonly ResultDoc[]): number {
  const per = new Map<string, number>();
  for (const d of docs)
    for (const b of d.benchmarks) {
      const rounds = new Set(b.iterations.map((s) => s.round ?? 0)).size;
      per.set(b.name, (per.get(b.name) ?? 0) + Math.max(1, rounds));
    }
  return Math.max(docs.length > 0 ? 1 : 0, ...per.values());
}

/** The highest recorded peak of a memory metric in one benchmark run, if recorded. */
export function memoryValue(b: BenchmarkResult, metric: MemoryMetric): number | undefined {
  const vals = b.memory.filter((m) => m.metric === metric).map((m) => m.value_mib);
  return vals.length > 0 ? Math.max(...vals) : undefined;
}

/**
 * The peaks of a memory metric, one per run: each adaptive round is a separate process with its own
 * peaks (`memory[].round`), so it counts as one more run, as for latency.
 */
export function memoryPeaks(metric: MemoryMetric, benchmarks: readonly BenchmarkResult[]): number[] {
  return benchmarks.flatMap((b) => {
    const byRound = new Map<number, number>();
    for (const m of b.memory)
      if (m.metric === metric) byRound.set(m.round ?? 0, Math.max(byRound.get(m.round ?? 0) ?? 0, m.value_mib));
    return [...byRound.values()];
  });
}

/** Every benchmark of `docs` by name, in document order: one pass, so compare stays linear in configs. */
export function benchmarksByName(docs: readonly ResultDoc[]): Map<string, BenchmarkResult[]> {
  const out = new Map<string, BenchmarkResult[]>();
  for (const d of docs)
    for (const b of d.benchmarks) {
      const list = out.get(b.name);
      if (list) list.push(b);
      else out.set(b.name, [b]);
    }
  return out;
}
