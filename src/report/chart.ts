// Charts GitHub renders without image hosting: mermaid xychart blocks, bounded in size.
//
// The change chart is a forest plot of the gating metric: one horizontal bar per config spanning
// its confidence interval, sorted by change, with a zero line and the margin band's edges. Mermaid
// draws bars from the axis edge, so each interval is drawn as a bar to its upper end with a bar in
// the chart's background colour over it up to the lower end; the chart sets its own white
// background and colours so this reads the same in GitHub's light and dark themes.
import { mermaidText } from './escape.js';
import { formatPercent, VERDICT_RANK } from './format.js';
import type { VerdictKind } from '../stats/types.js';

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

/** Labels safe in mermaid, unique after truncation. */
function chartLabels(raw: readonly string[], max: number): string[] {
  const seen = new Map<string, number>();
  return raw.map((r) => {
    const label = mermaidText(r, max);
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}

/** A fenced mermaid xychart. Labels are sanitised; duplicates after truncation get a suffix. */
export function mermaidXyChart(chart: XyChart): string {
  const labels = chartLabels(chart.xLabels, 18);
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

export interface ChangeItem {
  readonly label: string;
  readonly change: number;
  readonly ci: readonly [number, number];
  readonly verdict: VerdictKind;
}

export interface ChangeChartInput {
  /** e.g. "Throughput". */
  readonly metric: string;
  readonly margin: number;
  readonly items: readonly ChangeItem[];
  /** Most configs drawn (default 30); the rest are counted under the chart. */
  readonly max?: number;
}

export const CHART_MIN_CONFIGS = 3;
export const CHART_MAX_CONFIGS = 30;
/** The axis never spans more than ±100%: wider intervals are cut at the edge (and said so). */
const AXIS_LIMIT = 1;

/** Worst verdicts first, then the largest changes; drawn sorted by change. */
export function pickChangeItems(items: readonly ChangeItem[], max: number): ChangeItem[] {
  return [...items]
    .sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || Math.abs(b.change) - Math.abs(a.change))
    .slice(0, max)
    .sort((a, b) => a.change - b.change);
}

/** A round axis half-width (in %) covering every interval, at least twice the margin. */
export function axisRange(items: readonly ChangeItem[], margin: number): number {
  const widest = Math.max(2 * margin, ...items.flatMap((i) => [Math.abs(i.ci[0]), Math.abs(i.ci[1])]));
  const pct = Math.min(AXIS_LIMIT, widest) * 100;
  const step = pct <= 10 ? 2 : pct <= 30 ? 5 : pct <= 60 ? 10 : 20;
  return Math.ceil(pct / step) * step;
}

const COLOURS = { regression: '#cf222e', undecided: '#bf8700', other: '#8c959f', mask: '#ffffff' };
const INK = '#1f2328';
const MUTED = '#59636e';

function frontmatter(height: number): string[] {
  const axis = (a: 'x' | 'y') => [
    `      ${a}AxisLabelColor: "${INK}"`,
    `      ${a}AxisTitleColor: "${INK}"`,
    `      ${a}AxisTickColor: "${MUTED}"`,
    `      ${a}AxisLineColor: "${MUTED}"`,
  ];
  const palette = [COLOURS.regression, COLOURS.undecided, COLOURS.other, COLOURS.mask, INK, MUTED, MUTED];
  return [
    '---',
    'config:',
    '  xyChart:',
    '    width: 720',
    `    height: ${height}`,
    '    chartOrientation: horizontal',
    '  themeVariables:',
    '    xyChart:',
    '      backgroundColor: "#ffffff"',
    `      titleColor: "${INK}"`,
    ...axis('x'),
    ...axis('y'),
    `      plotColorPalette: "${palette.join(', ')}"`,
    '---',
  ];
}

function colourClass(v: VerdictKind): 'regression' | 'undecided' | 'other' {
  return v === 'regression' ? 'regression' : v === 'inconclusive' ? 'undecided' : 'other';
}

/**
 * The change chart as a fenced mermaid block, or undefined below CHART_MIN_CONFIGS configs with an
 * interval. `hidden` counts configs with an interval that did not fit; `clipped` those cut at the edge.
 */
export function changeChart(input: ChangeChartInput): { chart?: string; hidden: number; clipped: number } {
  if (input.items.length < CHART_MIN_CONFIGS) return { hidden: 0, clipped: 0 };
  const items = pickChangeItems(input.items, input.max ?? CHART_MAX_CONFIGS);
  const range = axisRange(items, input.margin);
  const at = (x: number) => round(Math.max(-range, Math.min(range, x * 100)));
  const bars = (cls: ReturnType<typeof colourClass>) =>
    items.map((i) => (colourClass(i.verdict) === cls ? at(i.ci[1]) : -range));
  const flat = (v: number) => items.map(() => round(v));
  // The name is cut before the change is appended, so the change is always readable.
  const labels = chartLabels(
    items.map((i) => `${mermaidText(i.label, 22)} ${formatPercent(i.change)}`),
    40,
  );
  const clipped = items.filter((i) => Math.abs(i.ci[0]) * 100 > range || Math.abs(i.ci[1]) * 100 > range).length;
  const lines = [
    '```mermaid',
    ...frontmatter(Math.max(220, items.length * 22 + 120)),
    'xychart-beta horizontal',
    `  title "${mermaidText(`${input.metric} change per config: interval, zero line, ±${formatPercent(input.margin).slice(1)} margin`, 90)}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `  y-axis "change %" ${-range} --> ${range}`,
    `  bar [${bars('regression').join(', ')}]`,
    `  bar [${bars('undecided').join(', ')}]`,
    `  bar [${bars('other').join(', ')}]`,
    `  bar [${items.map((i) => at(i.ci[0])).join(', ')}]`,
    `  line [${flat(0).join(', ')}]`,
    `  line [${flat(input.margin * 100).join(', ')}]`,
    `  line [${flat(-input.margin * 100).join(', ')}]`,
    '```',
  ];
  return { chart: lines.join('\n'), hidden: input.items.length - items.length, clipped };
}
