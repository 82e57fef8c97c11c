// The study table (the seed's Table 3): each configuration's throughput and memory, and its speed-up
// against a reference configuration of the same model, with a 95% interval. One run cannot show the
// between-run noise (a process can be 10-30% off by itself), so a single run's interval adds the
// gate's assumed between-run noise to what its iterations show; several runs (result files, or
// adaptive runs inside one) measure it. A speed-up whose interval contains 1.0 reads "no clear
// difference": an optimization can help or hurt, and one run cannot tell which.
//
// Reference rule, per model group (benchmarks grouped by labels.model, in order of appearance):
//   1. the `reference` argument, when it names a configuration of the group;
//   2. else a configuration whose labels.reference is "true" (it is the reference), or names
//      another configuration of the group (that one is the reference);
//   3. else the first configuration of the group that ran.
// For sweeps, each point is compared with the reference's sweep point of the same parameters.
import { markdownTable } from 'markdown-table';
import { METRIC_INFO, type MemoryMetric } from '../metrics.js';
import type { BenchmarkResult, ResultDoc } from '../result/schema.js';
import { DEFAULT_PRIOR_RUN_NOISE } from '../stats/compareRuns.js';
import { median } from '../stats/descriptive.js';
import { tQuantile } from '../stats/distributions.js';
import { estimateChange } from '../stats/relativeChange.js';
import { sideRuns, summarizeLatencyRuns } from '../stats/runSamples.js';
import { mdText, oneLine, truncate } from './escape.js';
import { formatNumber, formatRatio, mibToGb } from './format.js';
import { textTable } from './textTable.js';

/** Level of the speed-up intervals (descriptive: not corrected across rows). */
export const STUDY_CONFIDENCE = 0.95;

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
  /** e2e tokens/s: the geometric mean of per-run medians (the median, for one run). */
  readonly tokS?: number;
  /** Runs (processes) behind tokS. */
  readonly runs?: number;
  readonly memoryGb?: number;
  readonly memoryMetric?: MemoryMetric;
  readonly memorySource?: string;
  /** The configuration this row is compared with, when there is one. */
  readonly reference?: string;
  readonly isReference: boolean;
  readonly speedup?: number;
  /** 95% interval of the speed-up. */
  readonly interval?: readonly [number, number];
  /** True when the interval contains 1.0: no clear difference from the reference. */
  readonly unclear?: boolean;
}

export interface StudyTable {
  readonly rows: readonly StudyRow[];
  readonly notes: readonly string[];
  readonly hasModels: boolean;
}

/** All runs of one config across the given result files (status ok only). */
type Runs = readonly BenchmarkResult[];

function tokS(runs: Runs): { value: number; runs: number } | undefined {
  const series = sideRuns('e2e_tok_s', runs).filter((r) => r.length > 0);
  if (series.length === 0) return undefined;
  return { value: summarizeLatencyRuns(series).centre, runs: series.length };
}

/** The speed-up of `runs` over `reference` with its interval (relativeChange's estimate). */
function speedupOf(runs: Runs, reference: Runs): Pick<StudyRow, 'speedup' | 'interval' | 'unclear'> {
  const est = estimateChange(sideRuns('e2e_tok_s', reference), sideRuns('e2e_tok_s', runs), {
    priorRunNoise: DEFAULT_PRIOR_RUN_NOISE,
  });
  if (est === undefined) return {};
  const q = tQuantile(1 - (1 - STUDY_CONFIDENCE) / 2, est.df);
  const interval: [number, number] = [Math.exp(est.logRatio - q * est.se), Math.exp(est.logRatio + q * est.se)];
  return { speedup: Math.exp(est.logRatio), interval, unclear: interval[0] <= 1 && interval[1] >= 1 };
}

function memoryOf(runs: Runs): { metric: MemoryMetric; gb: number; source: string } | undefined {
  for (const metric of MEMORY_PREFERENCE) {
    const peaks = runs.flatMap((b) => b.memory.filter((m) => m.metric === metric));
    if (peaks.length === 0) continue;
    const mib = median(peaks.map((p) => p.value_mib));
    return { metric, gb: mibToGb(mib), source: peaks[0]?.source ?? '' };
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

function studyRow(
  model: string,
  b: BenchmarkResult,
  ref: BenchmarkResult | undefined,
  runsOf: (n: string) => Runs,
): StudyRow {
  const runs = runsOf(b.name);
  const value = tokS(runs);
  const memory = memoryOf(runs);
  const isReference = ref !== undefined && ref.name === b.name;
  const ok = runs.length > 0;
  const speed = ok && ref !== undefined && !isReference ? speedupOf(runs, runsOf(ref.name)) : {};
  return {
    model,
    name: b.name,
    ok,
    ...(!ok && b.error !== undefined ? { error: `${b.error.kind}: ${b.error.message}` } : {}),
    ...(value !== undefined ? { tokS: value.value, runs: value.runs } : {}),
    ...(memory !== undefined ? { memoryGb: memory.gb, memoryMetric: memory.metric, memorySource: memory.source } : {}),
    ...(ref !== undefined ? { reference: ref.name } : {}),
    isReference,
    ...(isReference && ok ? { speedup: 1 } : speed),
  };
}

/** One benchmark per config name, first seen, preferring one that ran. */
function representatives(docs: readonly ResultDoc[]): BenchmarkResult[] {
  const byName = new Map<string, BenchmarkResult>();
  for (const d of docs)
    for (const b of d.benchmarks) {
      const prev = byName.get(b.name);
      if (prev === undefined || (prev.status !== 'ok' && b.status === 'ok')) byName.set(b.name, b);
    }
  return [...byName.values()];
}

/**
 * The study table's data: rows in model-group order, each with its speed-up against its reference.
 * Several result files are several runs of the same configs.
 */
export function buildStudyTable(results: ResultDoc | readonly ResultDoc[], reference: string | undefined): StudyTable {
  const docs: readonly ResultDoc[] = Array.isArray(results) ? results : [results as ResultDoc];
  const runsOf = (name: string): Runs =>
    docs.flatMap((d) => d.benchmarks.filter((b) => b.name === name && b.status === 'ok'));
  const notes: string[] = [];
  const groups = new Map<string, BenchmarkResult[]>();
  for (const b of representatives(docs)) {
    const model = b.labels?.model ?? '';
    groups.set(model, [...(groups.get(model) ?? []), b]);
  }
  if (reference !== undefined && ![...groups.values()].some((g) => g.some((b) => b.name === reference)))
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
      const own = ref?.sweep !== undefined && key !== undefined ? refPoints.get(key) : ref;
      rows.push(studyRow(model, b, own, runsOf));
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
  if (r.speedup === undefined) return '—';
  const interval = r.interval === undefined ? '' : ` [${r.interval[0].toFixed(2)}–${r.interval[1].toFixed(2)}]`;
  const verdict = r.unclear === true ? ': no clear difference' : '';
  return `${formatRatio(r.speedup)}${interval}${verdict} vs ${r.reference ?? '?'}`;
}

function runsText(runs: readonly number[]): string {
  if (runs.length === 0) return 'no runs';
  const lo = Math.min(...runs);
  const hi = Math.max(...runs);
  return lo === hi ? `${lo} runs` : `${lo}–${hi} runs`;
}

function footerLines(table: StudyTable, sources: readonly string[]): string[] {
  const runs = [...new Set(table.rows.flatMap((r) => (r.runs !== undefined ? [r.runs] : [])))];
  const single = runs.length === 1 && runs[0] === 1;
  return [
    'Throughput: e2e tokens/s (batch × new tokens / end-to-end time), the median of each run, then the geometric mean over runs.',
    single
      ? `Speedup: ${STUDY_CONFIDENCE * 100}% interval from one run each: its iterations plus an assumed ${DEFAULT_PRIOR_RUN_NOISE * 100}% between-run noise (a process can be off by itself); give several result files to measure it instead.`
      : `Speedup: ${STUDY_CONFIDENCE * 100}% interval from the spread between runs (${runsText(runs)} per configuration).`,
    'An interval containing 1.00 means no clear difference: this data cannot tell faster from slower.',
    sources.length > 0 ? `Memory: decimal GB from ${sources.join('; ')}.` : 'Memory: not recorded.',
    ...table.notes,
    ...table.rows.filter((r) => !r.ok && r.error !== undefined).map((r) => `${r.name} failed: ${r.error ?? ''}`),
  ];
}

/**
 * The study table as markdown or terminal text: throughput, memory in GB (decimal, with its source)
 * and speed-up vs the reference configuration of each model, with its interval. Several result
 * files are several runs of the same configs.
 */
export function renderStudyTable(
  results: ResultDoc | readonly ResultDoc[],
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
    `Speedup vs reference [${STUDY_CONFIDENCE * 100}% CI]`,
  ];
  const text = format === 'markdown' ? mdText : (s: string) => truncate(oneLine(s), 80);
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
  const footer = footerLines(table, sources);
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
