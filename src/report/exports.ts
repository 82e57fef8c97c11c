// Exports for teams with existing dashboards: github-action-benchmark's custom JSON
// (customBiggerIsBetter / customSmallerIsBetter) and Bencher Metric Format. Centres are medians of
// the per-iteration values; spreads are the interquartile range, as in the report.
import { LATENCY_METRICS, latencySeries, METRIC_INFO, type LatencyMetric, type MetricName } from '../metrics.js';
import type { ResultDoc } from '../result/schema.js';
import { formatNumber } from './format.js';
import { quantile } from './quantiles.js';

/** One entry of github-action-benchmark's custom tool format. */
export interface GabEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

export interface BmfMeasure {
  value: number;
  lower_value?: number;
  upper_value?: number;
}

export type BencherMetricFormat = Record<string, Record<string, BmfMeasure>>;

interface Spread {
  median: number;
  q1: number;
  q3: number;
  n: number;
}

function spread(values: readonly number[]): Spread | undefined {
  const median = quantile(values, 0.5);
  const q1 = quantile(values, 0.25);
  const q3 = quantile(values, 0.75);
  if (median === undefined || q1 === undefined || q3 === undefined) return undefined;
  return { median, q1, q3, n: values.length };
}

/** Every metric of every successful benchmark, with its spread where it has samples. */
function collect(
  results: ResultDoc,
): { bench: string; metric: MetricName; value: number; spread?: Spread; source?: string }[] {
  const out: { bench: string; metric: MetricName; value: number; spread?: Spread; source?: string }[] = [];
  for (const b of results.benchmarks) {
    if (b.status !== 'ok') continue;
    for (const metric of LATENCY_METRICS as readonly LatencyMetric[]) {
      const s = spread(latencySeries(metric, b.iterations));
      if (s !== undefined) out.push({ bench: b.name, metric, value: s.median, spread: s });
    }
    for (const m of b.memory) out.push({ bench: b.name, metric: m.metric, value: m.value_mib, source: m.source });
  }
  return out;
}

/** github-action-benchmark's customBiggerIsBetter / customSmallerIsBetter arrays. */
export function toGithubActionBenchmark(results: ResultDoc): {
  biggerIsBetter: GabEntry[];
  smallerIsBetter: GabEntry[];
} {
  const biggerIsBetter: GabEntry[] = [];
  const smallerIsBetter: GabEntry[] = [];
  const sha = results.run.git?.sha;
  for (const e of collect(results)) {
    const info = METRIC_INFO[e.metric];
    const entry: GabEntry = { name: `${e.bench} - ${info.label}`, unit: info.unit, value: e.value };
    if (e.spread !== undefined) {
      entry.range = `± ${formatNumber((e.spread.q3 - e.spread.q1) / 2)}`;
      entry.extra = `median of ${e.spread.n} iterations; IQR ${formatNumber(e.spread.q1)}–${formatNumber(e.spread.q3)}${sha === undefined ? '' : `; commit ${sha.slice(0, 7)}`}`;
    } else if (e.source !== undefined) entry.extra = `peak; source: ${e.source}`;
    (info.better === 'higher' ? biggerIsBetter : smallerIsBetter).push(entry);
  }
  return { biggerIsBetter, smallerIsBetter };
}

/** A Bencher measure slug for a metric: lowercase, hyphenated ("e2e-tok-s"). */
export function bencherSlug(metric: MetricName): string {
  return metric.replace(/_/g, '-');
}

/** Bencher Metric Format: benchmark name → measure slug → value (median) with IQR bounds. */
export function toBencherMetricFormat(results: ResultDoc): BencherMetricFormat {
  const out: BencherMetricFormat = {};
  for (const e of collect(results)) {
    const measures = (out[e.bench] ??= {});
    measures[bencherSlug(e.metric)] =
      e.spread === undefined
        ? { value: e.value }
        : { value: e.value, lower_value: e.spread.q1, upper_value: e.spread.q3 };
  }
  return out;
}
