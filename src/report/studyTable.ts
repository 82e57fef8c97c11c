// The study table (the seed's Table 3): each configuration's throughput and memory, and its speed-up
// against a reference configuration of the same model.
//
// Reference rule, per model group (benchmarks grouped by labels.model, in order of appearance):
//   1. the `reference` argument, when it names a configuration of the group;
//   2. else a configuration whose labels.reference is "true" (it is the reference), or names
//      another configuration of the group (that one is the reference);
//   3. else the first configuration of the group that ran.
// For sweeps, each point is compared with the reference's sweep point of the same parameters.
import { markdownTable } from 'markdown-table';
import { latencySeries, METRIC_INFO, type MemoryMetric } from '../metrics.js';
import type { BenchmarkResult, ResultDoc } from '../result/schema.js';
import { mdText, oneLine, truncate } from './escape.js';
import { formatNumber, formatRatio, mibToGb } from './format.js';
import { median } from './quantiles.js';
import { textTable } from './textTable.js';

/** Which memory figure stands for "memory", best first: torch's allocator peak is the seed's. */
export const MEMORY_PREFERENCE: readonly MemoryMetric[] = [
  'torch_max_allocated_mib',
  'gpu_process_peak_mib',
  'gpu_device_rise_mib',
  'torch_max_reserved_mib',
  'host_rss_peak_mib',
];

const TRUE_WORDS = new Set(['true', 'yes', '1']);

export interface StudyRow {
  /** labels.model, or "" when benchmarks carry no model label. */
  readonly model: string;
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
  /** Median e2e tokens/s over all iterations. */
  readonly tokS?: number;
  readonly memoryGb?: number;
  readonly memoryMetric?: MemoryMetric;
  readonly memorySource?: string;
  /** The configuration this row is compared with, when there is one. */
  readonly reference?: string;
  readonly isReference: boolean;
  readonly speedup?: number;
}

export interface StudyTable {
  readonly rows: readonly StudyRow[];
  readonly notes: readonly string[];
  readonly hasModels: boolean;
}

function tokS(b: BenchmarkResult): number | undefined {
  return b.status === 'ok' ? median(latencySeries('e2e_tok_s', b.iterations)) : undefined;
}

function memoryOf(b: BenchmarkResult): { metric: MemoryMetric; gb: number; source: string } | undefined {
  for (const metric of MEMORY_PREFERENCE) {
    const peak = b.memory.find((m) => m.metric === metric);
    if (peak !== undefined) return { metric, gb: mibToGb(peak.value_mib), source: peak.source };
  }
  return undefined;
}

function paramsKey(b: BenchmarkResult): string | undefined {
  if (b.sweep === undefined) return undefined;
  return Object.entries(b.sweep.params)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function pickReference(group: readonly BenchmarkResult[], declared: string | undefined): BenchmarkResult | undefined {
  const byName = new Map(group.map((b) => [b.name, b]));
  if (declared !== undefined && byName.has(declared)) return byName.get(declared);
  for (const b of group) {
    const label = b.labels?.reference;
    if (label === undefined) continue;
    if (TRUE_WORDS.has(label.toLowerCase())) return b;
    const named = byName.get(label);
    if (named !== undefined) return named;
  }
  return group.find((b) => b.status === 'ok');
}

/** The study table's data: rows in model-group order, each with its speed-up against its reference. */
export function buildStudyTable(results: ResultDoc, reference: string | undefined): StudyTable {
  const notes: string[] = [];
  const groups = new Map<string, BenchmarkResult[]>();
  for (const b of results.benchmarks) {
    const model = b.labels?.model ?? '';
    groups.set(model, [...(groups.get(model) ?? []), b]);
  }
  if (reference !== undefined && !results.benchmarks.some((b) => b.name === reference))
    notes.push(
      `Reference "${reference}" is not a configuration of these results; each model uses its first configuration.`,
    );

  const rows: StudyRow[] = [];
  for (const [model, group] of groups) {
    const ref = pickReference(group, reference);
    // The reference's sweep points by parameters, so sweep points compare like for like.
    const refPoints = new Map<string, BenchmarkResult>();
    if (ref?.sweep !== undefined)
      for (const b of group) if (b.sweep?.group === ref.sweep.group) refPoints.set(paramsKey(b) ?? '', b);
    for (const b of group) {
      const key = paramsKey(b);
      const own =
        ref === undefined ? undefined : ref.sweep !== undefined && key !== undefined ? refPoints.get(key) : ref;
      const value = tokS(b);
      const base = own === undefined ? undefined : tokS(own);
      const memory = memoryOf(b);
      rows.push({
        model,
        name: b.name,
        ok: b.status === 'ok',
        error: b.error === undefined ? undefined : `${b.error.kind}: ${b.error.message}`,
        tokS: value,
        memoryGb: memory?.gb,
        memoryMetric: memory?.metric,
        memorySource: memory?.source,
        reference: own?.name,
        isReference: own !== undefined && own.name === b.name,
        speedup: value !== undefined && base !== undefined && base > 0 ? value / base : undefined,
      });
    }
  }
  return { rows, notes, hasModels: rows.some((r) => r.model !== '') };
}

function memorySources(rows: readonly StudyRow[]): string[] {
  const seen = new Map<string, string>();
  for (const r of rows)
    if (r.memoryMetric !== undefined && r.memorySource !== undefined)
      seen.set(`${r.memoryMetric}|${r.memorySource}`, `${METRIC_INFO[r.memoryMetric].label} (${r.memorySource})`);
  return [...seen.values()];
}

function speedupCell(r: StudyRow): string {
  if (!r.ok) return 'failed';
  if (r.isReference) return `${formatRatio(1)} (reference)`;
  return r.speedup === undefined ? '—' : `${formatRatio(r.speedup)} vs ${r.reference ?? '?'}`;
}

/**
 * The study table as markdown or terminal text: throughput (median e2e tok/s), memory in GB
 * (decimal, with its source) and speed-up vs the reference configuration of each model.
 */
export function renderStudyTable(
  results: ResultDoc,
  reference: string | undefined,
  format: 'markdown' | 'terminal',
): string {
  const table = buildStudyTable(results, reference);
  const sources = memorySources(table.rows);
  const mixed = sources.length > 1;
  const header = [
    ...(table.hasModels ? ['Model'] : []),
    'Configuration',
    'Throughput (tok/s)',
    'Memory (GB)',
    ...(mixed ? ['Memory source'] : []),
    'Speedup vs reference',
  ];
  const text = format === 'markdown' ? mdText : (s: string) => truncate(oneLine(s), 60);
  let lastModel: string | undefined;
  const body = table.rows.map((r) => {
    const modelCell = r.model === lastModel ? '' : text(r.model);
    lastModel = r.model;
    return [
      ...(table.hasModels ? [modelCell] : []),
      text(r.name),
      r.tokS === undefined ? '—' : formatNumber(r.tokS),
      r.memoryGb === undefined ? '—' : r.memoryGb.toFixed(r.memoryGb >= 10 ? 1 : 2),
      ...(mixed ? [r.memoryMetric === undefined ? '—' : METRIC_INFO[r.memoryMetric].label] : []),
      text(speedupCell(r)),
    ];
  });
  const align = [...(table.hasModels ? ['l'] : []), 'l', 'r', 'r', ...(mixed ? ['l'] : []), 'l'] as const;
  const footer = [
    'Throughput: median of per-iteration e2e tokens/s (batch × new tokens / end-to-end time).',
    sources.length > 0 ? `Memory: decimal GB from ${sources.join('; ')}.` : 'Memory: not recorded.',
    ...table.notes,
    ...table.rows.filter((r) => !r.ok && r.error !== undefined).map((r) => `${r.name} failed: ${r.error ?? ''}`),
  ];
  if (format === 'markdown')
    return [
      markdownTable([header, ...body], { align: [...align], alignDelimiters: false }),
      '',
      ...footer.map((f) => `- ${mdText(f)}`),
    ].join('\n');
  return [
    ...textTable(
      header,
      body,
      align.map((a) => (a === 'r' ? 'r' : 'l')),
    ),
    '',
    ...footer.map((f) => `  ${truncate(oneLine(f), 300)}`),
  ].join('\n');
}
