// Charts GitHub renders without image hosting: mermaid xychart blocks, bounded in size.
import { mermaidText } from './escape.js';
import { VERDICT_RANK } from './format.js';
import type { ChartItem } from './model.js';

export interface XySeries {
  readonly kind: 'bar' | 'line';
  readonly values: readonly number[];
}

export interface XyChart {
  readonly title: string;
  readonly xLabels: readonly string[];
  readonly yLabel: string;
  readonly series: readonly XySeries[];
}

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
}

/** A fenced mermaid xychart. Labels are sanitised; duplicates after truncation get a suffix. */
export function mermaidXyChart(chart: XyChart): string {
  const seen = new Map<string, number>();
  const labels = chart.xLabels.map((raw) => {
    const label = mermaidText(raw, 18);
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
  const all = chart.series.flatMap((s) => s.values).filter(Number.isFinite);
  const top = all.length > 0 ? Math.max(...all) : 1;
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${mermaidText(chart.title, 80)}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `  y-axis "${mermaidText(chart.yLabel, 40)}" 0 --> ${round(top * 1.1) || 1}`,
    ...chart.series.map((s) => `  ${s.kind} [${s.values.map((v) => round(v)).join(', ')}]`),
    '```',
  ];
  return lines.join('\n');
}

/**
 * The configs a chart has room for: worst verdicts first, then the largest changes, shown in their
 * original order so the chart reads like the config file.
 */
export function pickChartItems(items: readonly ChartItem[], max: number): { items: ChartItem[]; omitted: number } {
  const complete = items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => item.baseline !== undefined && item.candidate !== undefined);
  const size = (i: ChartItem): number => Math.abs((i.candidate ?? 0) / (i.baseline || 1) - 1);
  const chosen = [...complete]
    .sort((a, b) => VERDICT_RANK[a.item.verdict] - VERDICT_RANK[b.item.verdict] || size(b.item) - size(a.item))
    .slice(0, max)
    .sort((a, b) => a.index - b.index)
    .map(({ item }) => item);
  return { items: chosen, omitted: items.length - chosen.length };
}

/** Tokens/s per config: bars are the baseline, the line is the candidate. */
export function throughputChart(items: readonly ChartItem[], max = 20): { chart?: string; omitted: number } {
  const picked = pickChartItems(items, max);
  if (picked.items.length === 0) return { omitted: picked.omitted };
  return {
    chart: mermaidXyChart({
      title: 'Throughput tok/s - bars baseline, line candidate',
      xLabels: picked.items.map((i) => i.label),
      yLabel: 'tok/s',
      series: [
        { kind: 'bar', values: picked.items.map((i) => i.baseline ?? 0) },
        { kind: 'line', values: picked.items.map((i) => i.candidate ?? 0) },
      ],
    }),
    omitted: picked.omitted,
  };
}
