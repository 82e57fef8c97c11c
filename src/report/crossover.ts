// Sweep crossovers (the seed's "FlashAttention-2 is slower at batch 1" question, answered with
// data): for each pair of sweep groups of one model over the same parameters, where one starts to
// beat the other in throughput.
//
// A point has a leader only when the throughput ratio leaves a tie band (default ±2%) AND the two
// middle halves of the samples (IQR) do not overlap; otherwise it is a tie. This is a single run's
// spread: between-run noise may be larger, so read a crossover next to the gate's noise floor.
import { markdownTable } from 'markdown-table';
import { latencySeries } from '../metrics.js';
import type { BenchmarkResult, ResultDoc } from '../result/schema.js';
import { mermaidXyChart } from './chart.js';
import { mdText, oneLine, truncate } from './escape.js';
import { formatNumber, formatRatio } from './format.js';
import { quantile } from './quantiles.js';
import { textTable } from './textTable.js';

export interface PointStats {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
}

export type Leader = 'a' | 'b' | 'tie';

export interface CrossoverPoint {
  /** The swept parameter's value. */
  readonly x: number;
  readonly a: PointStats;
  readonly b: PointStats;
  /** a/b of median tokens/s. */
  readonly ratio: number;
  readonly leader: Leader;
}

export interface Crossover {
  /** Last value of the axis where the previous leader led. */
  readonly from: number;
  /** First value of the axis where the new leader leads. */
  readonly to: number;
  readonly winner: string;
  readonly loser: string;
}

export interface CrossoverSeries {
  readonly model: string;
  readonly a: string;
  readonly b: string;
  /** The parameter that varies along the series, e.g. "batch_size". */
  readonly axis: string;
  /** The other swept parameters, held at these values. */
  readonly fixed: Readonly<Record<string, number>>;
  readonly points: readonly CrossoverPoint[];
  readonly crossovers: readonly Crossover[];
  readonly summary: string;
}

export interface CrossoverOptions {
  /** Relative band within which two throughputs count as a tie (default 0.02). */
  readonly tie?: number;
}

const AXIS_ORDER = ['batch_size', 'prompt_tokens'];

interface Group {
  readonly name: string;
  readonly model: string;
  readonly points: Map<string, { params: Readonly<Record<string, number>>; stats: PointStats }>;
}

function keyOf(params: Readonly<Record<string, number>>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join(',');
}

function statsOf(b: BenchmarkResult): PointStats | undefined {
  const series = latencySeries('e2e_tok_s', b.iterations);
  const median = quantile(series, 0.5);
  const q1 = quantile(series, 0.25);
  const q3 = quantile(series, 0.75);
  return median === undefined || q1 === undefined || q3 === undefined ? undefined : { median, q1, q3 };
}

function groupsOf(results: ResultDoc): Group[] {
  const groups = new Map<string, Group>();
  for (const b of results.benchmarks) {
    if (b.sweep === undefined || b.status !== 'ok') continue;
    const stats = statsOf(b);
    if (stats === undefined) continue;
    let g = groups.get(b.sweep.group);
    if (g === undefined) {
      g = { name: b.sweep.group, model: b.labels?.model ?? '', points: new Map() };
      groups.set(b.sweep.group, g);
    }
    g.points.set(keyOf(b.sweep.params), { params: b.sweep.params, stats });
  }
  return [...groups.values()];
}

function leaderOf(a: PointStats, b: PointStats, tie: number): Leader {
  const ratio = a.median / b.median;
  if (ratio > 1 + tie && a.q1 > b.q3) return 'a';
  if (ratio < 1 / (1 + tie) && b.q1 > a.q3) return 'b';
  return 'tie';
}

function describe(axis: string, a: string, b: string, points: readonly CrossoverPoint[], tie: number): string {
  const decided = points.filter((p) => p.leader !== 'tie');
  const name = (l: Leader): string => (l === 'a' ? a : b);
  if (decided.length === 0) return `${a} and ${b} are tied (within ±${tie * 100}%) at every ${axis}.`;
  const segments: { leader: Leader; from: number; to: number }[] = [];
  for (const p of decided) {
    const last = segments[segments.length - 1];
    if (last !== undefined && last.leader === p.leader) last.to = p.x;
    else segments.push({ leader: p.leader, from: p.x, to: p.x });
  }
  const ties = points.length - decided.length;
  const tieNote = ties > 0 ? ` (tied at ${ties} of ${points.length} points)` : '';
  if (segments.length === 1) {
    const s = segments[0] as (typeof segments)[number];
    return `${name(s.leader)} is faster wherever they differ, ${axis} ${s.from}–${s.to}${tieNote}; no crossover.`;
  }
  const parts = segments.map(
    (s) => `${name(s.leader)} faster at ${axis} ${s.from === s.to ? s.from : `${s.from}–${s.to}`}`,
  );
  return `${parts.join('; ')}${tieNote}.`;
}

function seriesFor(ga: Group, gb: Group, axis: string, tie: number): CrossoverSeries[] {
  // Points both groups measured, bucketed by the values of the other parameters.
  const buckets = new Map<
    string,
    { fixed: Record<string, number>; pts: { x: number; a: PointStats; b: PointStats }[] }
  >();
  for (const [key, pa] of ga.points) {
    const pb = gb.points.get(key);
    const x = pa.params[axis];
    if (pb === undefined || x === undefined) continue;
    const fixed = Object.fromEntries(Object.entries(pa.params).filter(([k]) => k !== axis));
    const fk = keyOf(fixed);
    const bucket = buckets.get(fk) ?? { fixed, pts: [] };
    bucket.pts.push({ x, a: pa.stats, b: pb.stats });
    buckets.set(fk, bucket);
  }
  const out: CrossoverSeries[] = [];
  for (const { fixed, pts } of buckets.values()) {
    if (pts.length < 2) continue;
    pts.sort((p, q) => p.x - q.x);
    const points = pts.map((p) => ({ ...p, ratio: p.a.median / p.b.median, leader: leaderOf(p.a, p.b, tie) }));
    const crossovers: Crossover[] = [];
    let last: CrossoverPoint | undefined;
    for (const p of points) {
      if (p.leader === 'tie') continue;
      if (last !== undefined && last.leader !== p.leader) {
        const winner = p.leader === 'a' ? ga.name : gb.name;
        crossovers.push({ from: last.x, to: p.x, winner, loser: winner === ga.name ? gb.name : ga.name });
      }
      last = p;
    }
    out.push({
      model: ga.model,
      a: ga.name,
      b: gb.name,
      axis,
      fixed,
      points,
      crossovers,
      summary: describe(axis, ga.name, gb.name, points, tie),
    });
  }
  return out.sort((x, y) => keyOf(x.fixed).localeCompare(keyOf(y.fixed), 'en', { numeric: true }));
}

/** Every crossover series of a sweep result: pairs of sweep groups of one model, each swept axis. */
export function findCrossovers(results: ResultDoc, options: CrossoverOptions = {}): CrossoverSeries[] {
  const tie = options.tie ?? 0.02;
  const groups = groupsOf(results);
  const out: CrossoverSeries[] = [];
  for (let i = 0; i < groups.length; i++)
    for (let j = i + 1; j < groups.length; j++) {
      const ga = groups[i] as Group;
      const gb = groups[j] as Group;
      if (ga.model !== gb.model) continue;
      const axes = new Set<string>();
      for (const p of [...ga.points.values(), ...gb.points.values()])
        for (const k of Object.keys(p.params)) axes.add(k);
      const ordered = [...axes].sort((x, y) => {
        const ix = AXIS_ORDER.indexOf(x);
        const iy = AXIS_ORDER.indexOf(y);
        return (ix < 0 ? 99 : ix) - (iy < 0 ? 99 : iy) || x.localeCompare(y);
      });
      for (const axis of ordered) out.push(...seriesFor(ga, gb, axis, tie));
    }
  return out;
}

function fixedText(s: CrossoverSeries): string {
  const entries = Object.entries(s.fixed);
  return entries.length === 0 ? '' : ` (${entries.map(([k, v]) => `${k} = ${v}`).join(', ')})`;
}

function leaderText(s: CrossoverSeries, p: CrossoverPoint): string {
  return p.leader === 'tie' ? 'tie' : p.leader === 'a' ? s.a : s.b;
}

export interface RenderCrossoverOptions {
  /** Most series rendered in full (default 12); the rest are counted. */
  readonly maxSeries?: number;
  /** Most mermaid charts in markdown (default 6). */
  readonly maxCharts?: number;
}

/** Crossover series as markdown (title, summary, table, mermaid chart) or terminal text. */
export function renderCrossovers(
  series: readonly CrossoverSeries[],
  format: 'markdown' | 'terminal',
  options: RenderCrossoverOptions = {},
): string {
  const maxSeries = options.maxSeries ?? 12;
  const maxCharts = options.maxCharts ?? 6;
  const shown = series.slice(0, maxSeries);
  const blocks = shown.map((s, i) => {
    const title = `${s.a} vs ${s.b} over ${s.axis}${fixedText(s)}`;
    const header = [s.axis, `${s.a} tok/s`, `${s.b} tok/s`, 'ratio', 'faster'];
    if (format === 'terminal') {
      const t = (x: string): string => truncate(oneLine(x), 40);
      const heading = truncate(oneLine(title), 100);
      const rows = s.points.map((p) => [
        String(p.x),
        formatNumber(p.a.median),
        formatNumber(p.b.median),
        formatRatio(p.ratio),
        t(leaderText(s, p)),
      ]);
      return [
        heading,
        `  ${oneLine(s.summary)}`,
        ...textTable(header.map(t), rows, ['r', 'r', 'r', 'r', 'l']).map((l) => `  ${l}`),
      ].join('\n');
    }
    const rows = s.points.map((p) => [
      String(p.x),
      formatNumber(p.a.median),
      formatNumber(p.b.median),
      formatRatio(p.ratio),
      mdText(leaderText(s, p)),
    ]);
    const parts = [
      `**${mdText(title)}**`,
      '',
      mdText(s.summary),
      '',
      markdownTable([header.map(mdText), ...rows], { align: ['r', 'r', 'r', 'r', 'l'], alignDelimiters: false }),
    ];
    if (i < maxCharts)
      parts.push(
        '',
        mermaidXyChart({
          title: `tok/s over ${s.axis} - bars ${s.a}, line ${s.b}`,
          xLabels: s.points.map((p) => String(p.x)),
          yLabel: 'tok/s',
          series: [
            { kind: 'bar', values: s.points.map((p) => p.a.median) },
            { kind: 'line', values: s.points.map((p) => p.b.median) },
          ],
        }),
      );
    return parts.join('\n');
  });
  const more = series.length - shown.length;
  if (more > 0)
    blocks.push(format === 'markdown' ? `_${more} more series not shown._` : `${more} more series not shown.`);
  return blocks.join('\n\n');
}
