// The PR comment / job summary: a one-line headline, the summary, tables per metric group, a chart
// and collapsible evidence. It always fits GitHub's 65,536-character limit: details are dropped
// progressively (and the comment says which), the headline and summary never.
import { markdownTable } from 'markdown-table';
import { METRIC_INFO } from '../metrics.js';
import { throughputChart } from './chart.js';
import { findCrossovers, renderCrossovers } from './crossover.js';
import { mdCode, mdCodeBlock, mdText, stripControl, truncate } from './escape.js';
import { formatMetric, formatNumber, formatPercent, metricCells, VERDICT_ICON } from './format.js';
import { mergeRuns } from './mergeRuns.js';
import { buildReportModel, type MetricGroup, type ReportModel, type SampleRow } from './model.js';
import { renderStudyTable } from './studyTable.js';
import type { ReportInput } from './types.js';
import type { SideSummary } from '../stats/types.js';

export const DEFAULT_MAX_LENGTH = 65000;

const STATUS_ICON = { failed: '❌', accepted: '⚠️', reported: '⚠️', passed: '✅' } as const;
const SUMMARY_LIST_MAX = 20;

/** What the body includes; the fitter turns these down one step at a time. */
interface Budget {
  samples: boolean;
  noise: boolean;
  study: boolean;
  crossover: boolean;
  fingerprint: boolean;
  chart: boolean;
  /** Lines of stderr kept per failure (0 drops the tails). */
  stderrLines: number;
  /** 0: every row; 1: unchanged configs keep only their first metric; 2: no unchanged rows. */
  unchangedRows: 0 | 1 | 2;
  /** Most rows per metric table. */
  tableRows: number;
  failures: boolean;
}

const FULL: Budget = {
  samples: true,
  noise: true,
  study: true,
  crossover: true,
  fingerprint: true,
  chart: true,
  stderrLines: 20,
  unchangedRows: 0,
  tableRows: Infinity,
  failures: true,
};

/** Degradation steps, in order, each with what the note says was left out. */
const STEPS: readonly { readonly what: string; readonly apply: (b: Budget) => void }[] = [
  { what: 'per-configuration samples', apply: (b) => (b.samples = false) },
  { what: 'sweep crossover', apply: (b) => (b.crossover = false) },
  { what: 'study table', apply: (b) => (b.study = false) },
  { what: 'noise floor and minimum detectable effects', apply: (b) => (b.noise = false) },
  { what: 'most stderr lines', apply: (b) => (b.stderrLines = 5) },
  { what: 'secondary metrics of unchanged configurations', apply: (b) => (b.unchangedRows = 1) },
  { what: 'unchanged rows', apply: (b) => (b.unchangedRows = 2) },
  { what: 'fingerprint details', apply: (b) => (b.fingerprint = false) },
  { what: 'chart', apply: (b) => (b.chart = false) },
  { what: 'stderr tails', apply: (b) => (b.stderrLines = 0) },
  { what: 'failure details', apply: (b) => (b.failures = false) },
];

interface Extras {
  readonly study?: string;
  readonly crossover?: string;
}

function details(summary: string, body: string): string {
  // The blank line after <summary> lets GitHub render the markdown inside.
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function headlineLine(model: ReportModel): string {
  const h = model.headline;
  const parts = [`${STATUS_ICON[h.status]} **${mdText(h.statusText)}**`, mdText(h.counts), mdText(h.mode)];
  if (h.machine !== undefined) parts.push(mdText(h.machine));
  if (h.commits !== undefined)
    parts.push(
      `${h.commits.baseline === undefined ? '?' : mdCode(h.commits.baseline)} → ${h.commits.candidate === undefined ? '?' : mdCode(h.commits.candidate)}`,
    );
  return parts.join(' · ');
}

function capped<T>(items: readonly T[], max: number, line: (item: T) => string, rest: (n: number) => string): string[] {
  const out = items.slice(0, max).map(line);
  if (items.length > max) out.push(rest(items.length - max));
  return out;
}

function summaryLines(model: ReportModel): string[] {
  const out: string[] = [];
  out.push(
    ...capped(
      model.failing,
      SUMMARY_LIST_MAX,
      (f) => `- ${VERDICT_ICON.regression} **${mdText(f.name)}**: ${mdText(truncate(f.reason, 300))}`,
      (n) => `- … and ${n} more failing configurations (see the tables).`,
    ),
  );
  out.push(
    ...capped(
      model.warnings,
      SUMMARY_LIST_MAX,
      (w) => `- ⚠️ ${mdText(truncate(w, 300))}`,
      (n) => `- … and ${n} more warnings.`,
    ),
  );
  if (model.accept !== undefined) {
    const label = mdCode(model.accept.label);
    out.push(
      '',
      model.accept.accepted
        ? `> Accepted: the pull request has the label ${label}, so the gate passes.`
        : `> To accept this regression, add the label ${label} to the pull request.`,
    );
  }
  return out;
}

function groupTable(group: MetricGroup, budget: Budget): string {
  const rows = group.rows.filter((r, i) => {
    if (r.verdict !== 'unchanged' || budget.unchangedRows === 0) return true;
    // Level 1 keeps the first row of each config so every config is still listed once.
    return budget.unchangedRows === 1 && group.rows[i - 1]?.config !== r.config;
  });
  const shown = rows.slice(0, budget.tableRows);
  const lines: string[] = [`#### ${group.title}`, ''];
  if (shown.length > 0) {
    let previous: string | undefined;
    const body = shown.map((r) => {
      const name = r.config === previous ? '' : mdText(r.config);
      previous = r.config;
      const verdict = `${VERDICT_ICON[r.verdict]} ${r.verdict}${r.note === undefined ? '' : ` (${mdText(truncate(r.note, 120))})`}`;
      return [name, ...metricCells(r), verdict];
    });
    lines.push(
      markdownTable([['Configuration', 'Metric', 'Baseline', 'Candidate', 'Change [CI]', 'Verdict'], ...body], {
        align: ['l', 'l', 'r', 'r', 'r', 'l'],
        alignDelimiters: false,
      }),
    );
  }
  const hiddenUnchanged = group.rows.length - rows.length;
  const hiddenRest = rows.length - shown.length;
  if (hiddenUnchanged > 0 || hiddenRest > 0) {
    const notes = [];
    if (hiddenUnchanged > 0) notes.push(`${hiddenUnchanged} unchanged rows`);
    if (hiddenRest > 0) notes.push(`${hiddenRest} more rows`);
    lines.push('', `_${notes.join(' and ')} not shown (the result files have every value)._`);
  }
  return lines.join('\n');
}

function side(s: SideSummary | undefined, metric: SampleRow['metric']): string[] {
  if (s === undefined) return ['—', '—', '—'];
  return [
    `${s.n} (${s.runs} ${s.runs === 1 ? 'run' : 'runs'})`,
    `${formatMetric(metric, s.centre)} [${formatNumber(s.q1)}–${formatNumber(s.q3)}]`,
    String(s.outliers),
  ];
}

function samplesSection(model: ReportModel): string {
  const rows = model.samples.map((r) => [
    mdText(r.config),
    METRIC_INFO[r.metric].label,
    ...side(r.baseline, r.metric),
    ...side(r.candidate, r.metric),
  ]);
  const table = markdownTable(
    [
      [
        'Configuration',
        'Metric',
        'Baseline n',
        'Baseline median [IQR]',
        'Outliers',
        'Candidate n',
        'Candidate median [IQR]',
        'Outliers',
      ],
      ...rows,
    ],
    { align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'], alignDelimiters: false },
  );
  return details(
    'Samples per configuration',
    `${table}\n\nn counts measured iterations over all runs; outliers lie beyond 1.5·IQR and are reported, never dropped.`,
  );
}

function noiseSection(model: ReportModel): string {
  const lines: string[] = [];
  if (model.noiseFloor.length > 0) {
    lines.push('Noise floor (relative spread between runs of unchanged code):', '');
    for (const n of model.noiseFloor) lines.push(`- ${mdText(n.key)}: ±${formatPercent(n.value).replace(/^[+-]/, '')}`);
    lines.push('');
  } else lines.push('No A/A noise floor was measured for this comparison.', '');
  const rows = model.noise.map((r) => [
    mdText(r.config),
    METRIC_INFO[r.metric].label,
    `${VERDICT_ICON[r.verdict]} ${r.verdict}`,
    r.mde === undefined ? '—' : `±${formatPercent(r.mde).replace(/^[+-]/, '')}`,
    `±${formatPercent(r.margin).replace(/^[+-]/, '')}`,
    mdText(r.method),
  ]);
  if (rows.length > 0)
    lines.push(
      markdownTable([['Configuration', 'Metric', 'Verdict', 'Min. detectable effect', 'Margin', 'Method'], ...rows], {
        align: ['l', 'l', 'l', 'r', 'r', 'l'],
        alignDelimiters: false,
      }),
      '',
      'A change smaller than the minimum detectable effect cannot be told apart from noise with these runs; more runs shrink it.',
    );
  return details('Noise floor and minimum detectable effect', lines.join('\n'));
}

function fingerprintSection(model: ReportModel): string {
  const fp = model.fingerprint;
  const lines = [
    `Machines ${fp.match ? 'match' : 'differ'} (policy: ${mdCode(fp.policy)}).`,
    ...(fp.baselineMachine !== undefined ? [`- Baseline: ${mdText(fp.baselineMachine)}`] : []),
    ...(fp.candidateMachine !== undefined ? [`- Candidate: ${mdText(fp.candidateMachine)}`] : []),
  ];
  if (fp.differences.length > 0) {
    const cell = (v: string | number | boolean | null): string => (v === null ? '—' : mdText(truncate(String(v), 200)));
    lines.push(
      '',
      markdownTable(
        [
          ['Field', 'Baseline', 'Candidate'],
          ...fp.differences.map((d) => [mdText(d.field), cell(d.baseline), cell(d.candidate)]),
        ],
        {
          alignDelimiters: false,
        },
      ),
    );
  }
  return details(`Fingerprint differences (${fp.differences.length})`, lines.join('\n'));
}

function tail(text: string, lines: number): string {
  const all = stripControl(text).replace(/\s+$/, '').split('\n');
  return all
    .slice(-lines)
    .map((l) => truncate(l, 300))
    .join('\n');
}

function failuresSection(model: ReportModel, budget: Budget): string {
  const blocks = model.failures.map((f) => {
    const head = `**${mdText(f.config)}** — ${mdCode(f.error.kind)}: ${mdText(truncate(f.error.message, 1000))}`;
    if (f.error.stderr_tail === undefined || budget.stderrLines === 0) return head;
    return `${head}\n\n${mdCodeBlock(tail(f.error.stderr_tail, budget.stderrLines), 'text')}`;
  });
  return details(`Failures (${model.failures.length})`, blocks.join('\n\n'));
}

function reproduceSection(model: ReportModel): string | undefined {
  if (model.reproduceCommand === undefined) return undefined;
  const body = [mdCodeBlock(model.reproduceCommand, 'sh')];
  if (model.configPath !== undefined) body.push('', `Config: ${mdCode(model.configPath)}`);
  return details('Reproduce locally', body.join('\n'));
}

function compose(
  model: ReportModel,
  extras: Extras,
  budget: Budget,
  marker: string | undefined,
  dropped: readonly string[],
  maxLength: number,
  cache: Map<string, string>,
): string {
  // Sections are re-rendered only when the budget fields they depend on change.
  const memo = (key: string, render: () => string): string => {
    let text = cache.get(key);
    if (text === undefined) {
      text = render();
      cache.set(key, text);
    }
    return text;
  };
  const parts: string[] = [];
  if (marker !== undefined) parts.push(`<!-- ${marker.replace(/--/g, '- -').replace(/>/g, '&gt;')} -->`);
  parts.push(`### ${mdText(model.title)}`, '', headlineLine(model));
  const summary = summaryLines(model);
  if (summary.length > 0) parts.push('', ...summary);
  if (dropped.length > 0)
    parts.push(
      '',
      `_Left out to stay under ${formatNumber(maxLength)} characters: ${dropped.join(', ')}. Run \`llm-perf-gate report\` locally for the full report._`,
    );
  for (const group of model.groups)
    parts.push(
      '',
      memo(`group:${group.id}:${budget.unchangedRows}:${budget.tableRows}`, () => groupTable(group, budget)),
    );
  if (budget.chart) {
    const chart = throughputChart(model.chart);
    if (chart.chart !== undefined) {
      parts.push('', chart.chart);
      if (chart.omitted > 0)
        parts.push(
          '',
          `_The chart shows ${model.chart.length - chart.omitted} of ${model.chart.length} configurations: regressions and largest changes first._`,
        );
    }
  }
  if (budget.study && extras.study !== undefined)
    parts.push('', details('Study table: configurations vs reference', extras.study));
  if (budget.crossover && extras.crossover !== undefined) parts.push('', details('Sweep crossover', extras.crossover));
  if (budget.samples && model.samples.length > 0)
    parts.push(
      '',
      memo('samples', () => samplesSection(model)),
    );
  if (budget.noise)
    parts.push(
      '',
      memo('noise', () => noiseSection(model)),
    );
  if (budget.fingerprint && (model.fingerprint.differences.length > 0 || !model.fingerprint.match))
    parts.push('', fingerprintSection(model));
  if (budget.failures && model.failures.length > 0)
    parts.push(
      '',
      memo(`failures:${budget.stderrLines}`, () => failuresSection(model, budget)),
    );
  const reproduce = reproduceSection(model);
  if (reproduce !== undefined) parts.push('', reproduce);
  parts.push('', details('Statistics', mdText(model.correction)));
  return `${parts.join('\n')}\n`;
}

function extrasOf(input: ReportInput): Extras {
  const merged = mergeRuns(input.candidates);
  if (merged === undefined) return {};
  const ok = merged.benchmarks.filter((b) => b.status === 'ok').length;
  const series = findCrossovers(merged);
  return {
    study: ok >= 2 ? renderStudyTable(merged, undefined, 'markdown') : undefined,
    crossover: series.length > 0 ? renderCrossovers(series, 'markdown') : undefined,
  };
}

/**
 * The report as GitHub markdown, at most `maxLength` characters (default 65,000, under GitHub's
 * 65,536). `marker` becomes a hidden HTML comment on the first line, for sticky comments.
 */
export function renderMarkdown(input: ReportInput, options: { maxLength?: number; marker?: string } = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const model = buildReportModel(input);
  const extras = extrasOf(input);
  const budget: Budget = { ...FULL };
  const cache = new Map<string, string>();
  const dropped: string[] = [];
  let body = compose(model, extras, budget, options.marker, dropped, maxLength, cache);
  // The body without marker and note, to tell whether a step removed anything.
  let bare: string | undefined;
  for (const step of STEPS) {
    if (body.length <= maxLength) return body;
    bare ??= compose(model, extras, budget, undefined, [], maxLength, cache);
    step.apply(budget);
    const next = compose(model, extras, budget, undefined, [], maxLength, cache);
    // A step is named in the note only if it removed something (not every report has every section).
    if (next !== bare) dropped.push(step.what);
    bare = next;
    body = compose(model, extras, budget, options.marker, dropped, maxLength, cache);
  }
  // Still too long: keep the worst rows of each table, halving until it fits.
  let rows = Math.max(...model.groups.map((g) => g.rows.length), 0);
  if (body.length > maxLength) dropped.push('rows beyond the worst');
  while (body.length > maxLength && rows > 0) {
    rows = Math.floor(rows / 2);
    budget.tableRows = rows;
    body = compose(model, extras, budget, options.marker, dropped, maxLength, cache);
  }
  if (body.length <= maxLength) return body;
  // Last resort (a tiny limit): cut at a line boundary; the headline comes first so it survives.
  const cut = body.slice(0, Math.max(0, maxLength - 2));
  const end = cut.lastIndexOf('\n');
  return `${end > 0 ? cut.slice(0, end) : cut}\n…`.slice(0, maxLength);
}
