// The PR comment / job summary. Above the fold: a one-line headline, the failing and undecided
// configs, the rows that matter (top movers) and the change chart; everything else (all-config
// tables, trials, study table, samples, noise, fingerprint, failures, reproduce) is collapsed in
// <details>. It always fits GitHub's 65,536-character limit: details are dropped progressively (and
// the comment says which), the headline and summary never.
import { changeChart } from './chart.js';
import { findCrossovers, renderCrossovers } from './crossover.js';
import { mdCode, mdText, truncate } from './escape.js';
import { formatNumber } from './format.js';
import { HEADLINE_ICON, HEADLINE_TITLE } from './headline.js';
import {
  details,
  failuresSection,
  fingerprintSection,
  metricTable,
  noiseSection,
  reproduceSection,
  samplesSection,
  trialsSection,
} from './markdownSections.js';
import { mergeRuns } from './mergeRuns.js';
import { buildReportModel, type MetricGroup, type ReportModel } from './model.js';
import { renderStudyTable } from './studyTable.js';
import type { ReportInput } from './types.js';

export const DEFAULT_MAX_LENGTH = 65000;

const SUMMARY_LIST_MAX = 15;

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
  /** Most rows per full table. */
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

export function headlineLine(model: ReportModel): string {
  const h = model.headline;
  const next = h.nextStep === undefined ? '' : `; next: ${mdText(h.nextStep)}`;
  const parts = [
    `${HEADLINE_ICON[h.state]} **${HEADLINE_TITLE[h.state]}**: ${mdText(h.evidence)}${next}`,
    mdText(h.gate),
    mdText(h.counts),
    mdText(h.mode),
  ];
  if (h.machine !== undefined) parts.push(mdText(h.machine));
  if (h.commits !== undefined) {
    const base = h.commits.baseline === undefined ? '?' : mdCode(h.commits.baseline);
    const date = h.commits.baselineDate === undefined ? '' : ` (${mdText(h.commits.baselineDate)})`;
    parts.push(`${base}${date} → ${h.commits.candidate === undefined ? '?' : mdCode(h.commits.candidate)}`);
  }
  return parts.join(' · ');
}

function capped<T>(items: readonly T[], max: number, line: (item: T) => string, rest: (n: number) => string): string[] {
  const out = items.slice(0, max).map(line);
  if (items.length > max) out.push(rest(items.length - max));
  return out;
}

const STATE_ICON = { regression: '❌', 'not-measured': '⚠️', undecided: '❓' } as const;

/**
 * The undecided configs, one line each; a next step they all share is said once, after them.
 * Shared with the terminal renderer.
 */
export function undecidedLines(
  model: ReportModel,
  line: (u: ReportModel['undecided'][number], next: string | undefined) => string,
  closing: (next: string) => string = (next) => `- ❓ To decide them: ${mdText(next)}.`,
): string[] {
  const steps = new Set(model.undecided.map((u) => u.next));
  const shared = model.undecided.length > 1 && steps.size === 1 ? [...steps][0] : undefined;
  const out = capped(
    model.undecided,
    SUMMARY_LIST_MAX,
    (u) => line(u, shared === undefined ? u.next : undefined),
    (n) => `- … and ${n} more undecided configurations.`,
  );
  if (shared !== undefined) out.push(closing(shared));
  return out;
}

function summaryLines(model: ReportModel): string[] {
  const out: string[] = [];
  const bullet = (icon: string, name: string, reason: string) =>
    `- ${icon} **${mdText(name)}**: ${mdText(truncate(reason, 300))}`;
  out.push(
    ...capped(
      model.failing,
      SUMMARY_LIST_MAX,
      (f) => bullet(STATE_ICON[f.state], f.name, f.reason),
      (n) => `- … and ${n} more failing configurations (see the tables).`,
    ),
    ...undecidedLines(model, (u, next) =>
      bullet(STATE_ICON.undecided, u.name, next ? `${u.reason}; next: ${next}` : u.reason),
    ),
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
        : `> To accept this, add the label ${label} to the pull request.`,
    );
  }
  return out;
}

/** A full table, thinned by the budget. */
function groupTable(group: MetricGroup, budget: Budget): { table: string; shown: number } {
  const rows = group.rows.filter((r, i) => {
    if (r.verdict !== 'unchanged' || budget.unchangedRows === 0) return true;
    // Level 1 keeps the first row of each config so every config is still listed once.
    return budget.unchangedRows === 1 && group.rows[i - 1]?.config !== r.config;
  });
  const shown = rows.slice(0, budget.tableRows);
  const lines = shown.length > 0 ? [metricTable(shown)] : [];
  const hidden = group.rows.length - shown.length;
  if (hidden > 0) lines.push('', `_${hidden} more rows not shown (the result files have every value)._`);
  return { table: lines.join('\n'), shown: shown.length };
}

function fullTables(model: ReportModel, budget: Budget): string[] {
  // Nothing more to show than the rows above the fold: no second copy.
  const total = model.groups.reduce((n, g) => n + g.rows.length, 0);
  if (total <= model.top.length) return [];
  return model.groups.map((g) => {
    const { table } = groupTable(g, budget);
    return details(
      `All configurations: ${g.title.toLowerCase()} (${g.rows.length} row${g.rows.length === 1 ? '' : 's'})`,
      table,
    );
  });
}

function chartParts(model: ReportModel): string[] {
  const chart = changeChart(model.chart);
  if (chart.chart === undefined) return [];
  const notes: string[] = [];
  if (chart.hidden > 0)
    notes.push(`${chart.hidden} more configurations are not drawn (worst verdicts and largest changes first)`);
  if (chart.clipped > 0) notes.push(`${chart.clipped} intervals run past the axis and are cut at its edge`);
  return notes.length > 0 ? [chart.chart, '', `_${notes.join('; ')}._`] : [chart.chart];
}

function aboveTheFold(model: ReportModel, budget: Budget, dropped: readonly string[], maxLength: number): string[] {
  const parts: string[] = [`### ${mdText(model.title)}`, '', headlineLine(model)];
  const summary = summaryLines(model);
  if (summary.length > 0) parts.push('', ...summary);
  if (dropped.length > 0)
    parts.push(
      '',
      `_Left out to stay under ${formatNumber(maxLength)} characters: ${dropped.join(', ')}. Run \`llm-perf-gate report\` locally for the full report._`,
    );
  if (model.top.length > 0) {
    const more = model.groups.reduce((n, g) => n + g.rows.length, 0) > model.top.length;
    parts.push('', more ? '#### Top changes' : '#### Changes', '', metricTable(model.top));
    parts.push(
      '',
      ...model.tableNotes
        .map((n) => `<sub>${mdText(n)}</sub>`)
        .join('<br>\n')
        .split('\n'),
    );
  }
  if (budget.chart) {
    const chart = chartParts(model);
    if (chart.length > 0) parts.push('', ...chart);
  }
  return parts;
}

function compose(
  model: ReportModel,
  extras: Extras,
  budget: Budget,
  marker: string | undefined,
  dropped: readonly string[],
  maxLength: number,
): string {
  const parts: string[] = [];
  if (marker !== undefined) parts.push(`<!-- ${marker.replace(/--/g, '- -').replace(/>/g, '&gt;')} -->`);
  parts.push(...aboveTheFold(model, budget, dropped, maxLength));
  const sections: (string | undefined)[] = [
    ...fullTables(model, budget),
    model.trials.length > 0 ? trialsSection(model) : undefined,
    budget.study && extras.study !== undefined
      ? details('Study table: configurations vs reference', extras.study)
      : undefined,
    budget.crossover && extras.crossover !== undefined ? details('Sweep crossover', extras.crossover) : undefined,
    budget.samples && model.samples.length > 0 ? samplesSection(model) : undefined,
    budget.noise ? noiseSection(model) : undefined,
    budget.fingerprint && (model.fingerprint.differences.length > 0 || !model.fingerprint.match)
      ? fingerprintSection(model)
      : undefined,
    budget.failures && model.failures.length > 0 ? failuresSection(model, budget.stderrLines) : undefined,
    reproduceSection(model),
    details('Statistics', mdText(model.correction)),
  ];
  for (const s of sections) if (s !== undefined) parts.push('', s);
  return `${parts.join('\n')}\n`;
}

function extrasOf(input: ReportInput): Extras {
  const merged = mergeRuns(input.candidates);
  if (merged === undefined) return {};
  const ok = merged.benchmarks.filter((b) => b.status === 'ok').length;
  const series = findCrossovers(merged);
  return {
    ...(ok >= 2 ? { study: renderStudyTable(input.candidates, undefined, 'markdown') } : {}),
    ...(series.length > 0 ? { crossover: renderCrossovers(series, 'markdown') } : {}),
  };
}

/** Turns the budget down step by step until the body fits; returns the body and what was dropped. */
function fit(model: ReportModel, extras: Extras, marker: string | undefined, maxLength: number): string {
  const budget: Budget = { ...FULL };
  const dropped: string[] = [];
  const render = (withNotes: boolean) =>
    compose(model, extras, budget, withNotes ? marker : undefined, withNotes ? dropped : [], maxLength);
  let body = render(true);
  for (const step of STEPS) {
    if (body.length <= maxLength) return body;
    const before = render(false);
    step.apply(budget);
    // A step is named in the note only if it removed something (not every report has every section).
    if (render(false) !== before) dropped.push(step.what);
    body = render(true);
  }
  // Still too long: keep the worst rows of each full table, halving until it fits.
  let rows = Math.max(...model.groups.map((g) => g.rows.length), 0);
  if (body.length > maxLength) dropped.push('rows beyond the worst');
  while (body.length > maxLength && rows > 0) {
    rows = Math.floor(rows / 2);
    budget.tableRows = rows;
    body = render(true);
  }
  return body;
}

/**
 * The report as GitHub markdown, at most `maxLength` characters (default 65,000, under GitHub's
 * 65,536). `marker` becomes a hidden HTML comment on the first line, for sticky comments.
 */
export function renderMarkdown(input: ReportInput, options: { maxLength?: number; marker?: string } = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const body = fit(buildReportModel(input), extrasOf(input), options.marker, maxLength);
  if (body.length <= maxLength) return body;
  // Last resort (a tiny limit): cut at a line boundary; the headline comes first so it survives.
  const cut = body.slice(0, Math.max(0, maxLength - 2));
  const end = cut.lastIndexOf('\n');
  return `${end > 0 ? cut.slice(0, end) : cut}\n…`.slice(0, maxLength);
}
