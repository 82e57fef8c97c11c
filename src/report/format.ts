// Numbers rounded for reading (the result file keeps the exact values), with units from metrics.ts.
import { METRIC_INFO, type MetricName } from '../metrics.js';
import type { SideSummary, VerdictKind } from '../stats/types.js';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** About three significant figures, never scientific notation, thousands grouped. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  // Decide the digits on the rounded value, so 9.999 reads "10.0", not "10.00".
  if (Math.abs(Number(value.toFixed(1))) >= 1000) return grouped.format(value);
  if (Math.abs(Number(value.toFixed(2))) >= 10) return value.toFixed(1);
  if (Math.abs(value) >= 0.9995) return value.toFixed(2);
  return value.toPrecision(3);
}

/** A metric value with its unit, e.g. "96.2 tok/s", "14,520 MiB". */
export function formatMetric(metric: MetricName, value: number | undefined): string {
  if (value === undefined) return '—';
  return `${formatNumber(value)} ${METRIC_INFO[metric].unit}`;
}

/** A relative change as a signed percentage, e.g. "+4.1%", "-10.7%". */
export function formatPercent(ratio: number | undefined, digits = 1): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '—';
  const pct = ratio * 100;
  const text = Math.abs(pct).toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)}%`;
  return `${pct > 0 ? '+' : '-'}${text}%`;
}

/** A change with its confidence interval, e.g. "-10.7% [-12.1%, -9.3%]". */
export function formatChange(change: number | undefined, ci: readonly [number, number] | undefined): string {
  const head = formatPercent(change);
  if (ci === undefined) return head;
  return `${head} [${formatPercent(ci[0])}, ${formatPercent(ci[1])}]`;
}

/** A ratio such as a speed-up, e.g. "1.04x". */
export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${ratio.toFixed(2)}x`;
}

/** Mebibytes as decimal gigabytes (the seed's "Memory (GB)": 7.24e9 fp16 params read 14.5 GB). */
export function mibToGb(mib: number): number {
  return (mib * 1024 * 1024) / 1e9;
}

export const VERDICT_ICON: Readonly<Record<VerdictKind, string>> = {
  regression: '❌',
  failed: '💥',
  missing: '➖',
  inconclusive: '❓',
  new: '🆕',
  improvement: '🚀',
  unchanged: '✅',
};

/** Severity order for sorting: regressions first (the order of VERDICTS). */
export const VERDICT_RANK: Readonly<Record<VerdictKind, number>> = {
  regression: 0,
  failed: 1,
  missing: 2,
  inconclusive: 3,
  new: 4,
  improvement: 5,
  unchanged: 6,
};

/** The word a report uses for each verdict: "inconclusive" reads "undecided" (could not decide). */
export const VERDICT_WORD: Readonly<Record<VerdictKind, string>> = {
  regression: 'regression',
  failed: 'failed',
  missing: 'missing',
  inconclusive: 'undecided',
  new: 'new',
  improvement: 'improvement',
  unchanged: 'unchanged',
};

/** "1 regression", "2 regressions", "5 unchanged", "1 undecided". */
export function countLabel(kind: VerdictKind, n: number): string {
  const word = VERDICT_WORD[kind];
  return kind === 'regression' || kind === 'improvement' ? `${n} ${word}${n === 1 ? '' : 's'}` : `${n} ${word}`;
}

/** The metric, baseline, candidate and change cells of a report row; dashes for a row without a metric. */
export function metricCells(r: {
  readonly metric?: MetricName;
  readonly baseline?: number;
  readonly candidate?: number;
  readonly change?: number;
  readonly ci?: readonly [number, number];
}): string[] {
  if (r.metric === undefined) return ['—', '—', '—', '—'];
  return [
    METRIC_INFO[r.metric].label,
    formatMetric(r.metric, r.baseline),
    formatMetric(r.metric, r.candidate),
    formatChange(r.change, r.ci),
  ];
}

/** The samples table's cells for one side: "n (runs)", "median [IQR]" of pooled iterations, outliers. */
export function sampleCells(s: SideSummary | undefined, metric: MetricName): string[] {
  if (s === undefined) return ['—', '—', '—'];
  const median = s.median === undefined ? '—' : formatMetric(metric, s.median);
  return [
    `${s.n} (${s.runs} ${s.runs === 1 ? 'run' : 'runs'})`,
    `${median} [${formatNumber(s.q1)}–${formatNumber(s.q3)}]`,
    String(s.outliers),
  ];
}
