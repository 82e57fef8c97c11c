// The report for `llm-perf-gate report` / `compare` in a terminal: the same content as the PR
// comment, coloured when asked (a TTY), plain otherwise. Untrusted text is stripped of escape
// sequences so a config name or stderr line cannot rewrite the terminal.
import pc from 'picocolors';
import { METRIC_INFO } from '../metrics.js';
import type { SideSummary, VerdictKind } from '../stats/types.js';
import { pickChartItems } from './chart.js';
import { findCrossovers, renderCrossovers } from './crossover.js';
import { oneLine, stripControl, truncate } from './escape.js';
import { formatMetric, formatNumber, formatPercent, metricCells } from './format.js';
import { mergeRuns } from './mergeRuns.js';
import { buildReportModel, type MetricGroup, type ReportModel } from './model.js';
import { renderStudyTable } from './studyTable.js';
import { textTable } from './textTable.js';
import type { ReportInput } from './types.js';

type Colors = ReturnType<typeof pc.createColors>;

const STATUS_WORD = { failed: 'FAIL', accepted: 'ACCEPTED', reported: 'WARN', passed: 'PASS' } as const;
const BAR_WIDTH = 30;
const CHART_MAX = 20;

function verdictColor(c: Colors, kind: VerdictKind): (s: string) => string {
  switch (kind) {
    case 'regression':
      return c.red;
    case 'failed':
      return c.magenta;
    case 'inconclusive':
      return c.yellow;
    case 'improvement':
      return c.green;
    case 'new':
      return c.cyan;
    case 'missing':
    case 'unchanged':
      return c.dim;
  }
}

function statusColor(c: Colors, status: ReportModel['headline']['status']): (s: string) => string {
  return status === 'failed' ? c.red : status === 'passed' ? c.green : c.yellow;
}

function heading(c: Colors, text: string): string {
  return c.bold(c.underline(text));
}

function groupLines(c: Colors, group: MetricGroup, nameMax: number): string[] {
  let previous: string | undefined;
  const rows = group.rows.map((r) => {
    const name = r.config === previous ? '' : truncate(oneLine(r.config), nameMax);
    previous = r.config;
    const verdict = `${r.verdict}${r.note === undefined ? '' : ` (${truncate(oneLine(r.note), 80)})`}`;
    return [name, ...metricCells(r), verdict];
  });
  const table = textTable(
    ['Configuration', 'Metric', 'Baseline', 'Candidate', 'Change [CI]', 'Verdict'],
    rows,
    ['l', 'l', 'r', 'r', 'r', 'l'],
    (text, row, col) => (col === 5 ? verdictColor(c, group.rows[row]?.verdict ?? 'unchanged')(text) : text),
  );
  return [heading(c, group.title), ...table];
}

function chartLines(c: Colors, model: ReportModel, nameMax: number): string[] {
  const picked = pickChartItems(model.chart, CHART_MAX);
  if (picked.items.length === 0) return [];
  const top = Math.max(...picked.items.flatMap((i) => [i.baseline ?? 0, i.candidate ?? 0]));
  const bar = (v: number): string => '█'.repeat(Math.max(1, Math.round((v / (top || 1)) * BAR_WIDTH)));
  const name = Math.min(nameMax, Math.max(...picked.items.map((i) => oneLine(i.label).length)));
  const lines = [heading(c, 'Throughput (tok/s): baseline vs candidate')];
  for (const i of picked.items) {
    const label = truncate(oneLine(i.label), name).padEnd(name);
    lines.push(`${label}  base ${c.dim(bar(i.baseline ?? 0))} ${formatNumber(i.baseline ?? 0)}`);
    lines.push(
      `${' '.repeat(name)}  cand ${verdictColor(c, i.verdict)(bar(i.candidate ?? 0))} ${formatNumber(i.candidate ?? 0)}`,
    );
  }
  if (picked.omitted > 0)
    lines.push(
      c.dim(
        `(${picked.items.length} of ${model.chart.length} configurations shown: regressions and largest changes first)`,
      ),
    );
  return lines;
}

function side(s: SideSummary | undefined, metric: keyof typeof METRIC_INFO): string[] {
  if (s === undefined) return ['—', '—', '—'];
  return [
    `${s.n} (${s.runs} ${s.runs === 1 ? 'run' : 'runs'})`,
    `${formatMetric(metric, s.centre)} [${formatNumber(s.q1)}–${formatNumber(s.q3)}]`,
    String(s.outliers),
  ];
}

const pct = (v: number): string => `±${formatPercent(v).replace(/^[+-]/, '')}`;

/** The report as terminal text; `width` bounds the configuration-name column. */
export function renderTerminal(input: ReportInput, options: { color: boolean; width?: number }): string {
  const c = pc.createColors(options.color);
  const model = buildReportModel(input);
  const nameMax = Math.max(16, Math.min(60, (options.width ?? 140) - 80));
  const h = model.headline;
  const out: string[] = [];
  const headParts = [h.statusText, h.counts, h.mode, ...(h.machine !== undefined ? [h.machine] : [])].map(oneLine);
  if (h.commits !== undefined)
    headParts.push(`${oneLine(h.commits.baseline ?? '?')} → ${oneLine(h.commits.candidate ?? '?')}`);
  out.push(c.bold(oneLine(model.title)));
  out.push(`${c.bold(statusColor(c, h.status)(STATUS_WORD[h.status]))} ${headParts.join(' · ')}`);

  const summary: string[] = [];
  for (const f of model.failing)
    summary.push(`  ${c.red('✗')} ${c.bold(oneLine(f.name))}: ${truncate(oneLine(f.reason), 300)}`);
  for (const w of model.warnings) summary.push(`  ${c.yellow('!')} ${truncate(oneLine(w), 300)}`);
  if (model.accept !== undefined)
    summary.push(
      model.accept.accepted
        ? `  Accepted: the pull request has the label "${oneLine(model.accept.label)}", so the gate passes.`
        : `  To accept this regression, add the label "${oneLine(model.accept.label)}" to the pull request.`,
    );
  if (summary.length > 0) out.push('', ...summary);

  for (const group of model.groups) out.push('', ...groupLines(c, group, nameMax));
  const chart = chartLines(c, model, nameMax);
  if (chart.length > 0) out.push('', ...chart);

  const merged = mergeRuns(input.candidates);
  if (merged !== undefined && merged.benchmarks.filter((b) => b.status === 'ok').length >= 2)
    out.push(
      '',
      heading(c, 'Study table: configurations vs reference'),
      renderStudyTable(merged, undefined, 'terminal'),
    );
  const series = merged === undefined ? [] : findCrossovers(merged);
  if (series.length > 0) out.push('', heading(c, 'Sweep crossover'), renderCrossovers(series, 'terminal'));

  if (model.samples.length > 0) {
    const rows = model.samples.map((r) => [
      truncate(oneLine(r.config), nameMax),
      METRIC_INFO[r.metric].label,
      ...side(r.baseline, r.metric),
      ...side(r.candidate, r.metric),
    ]);
    out.push(
      '',
      heading(c, 'Samples per configuration'),
      ...textTable(
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
        rows,
        ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    out.push(
      c.dim('n counts measured iterations over all runs; outliers lie beyond 1.5·IQR and are reported, never dropped.'),
    );
  }

  out.push('', heading(c, 'Noise floor and minimum detectable effect'));
  if (model.noiseFloor.length > 0) for (const n of model.noiseFloor) out.push(`  ${oneLine(n.key)}: ${pct(n.value)}`);
  else out.push('  No A/A noise floor was measured for this comparison.');
  if (model.noise.length > 0)
    out.push(
      ...textTable(
        ['Configuration', 'Metric', 'Verdict', 'Min. detectable effect', 'Margin', 'Method'],
        model.noise.map((r) => [
          truncate(oneLine(r.config), nameMax),
          METRIC_INFO[r.metric].label,
          r.verdict,
          r.mde === undefined ? '—' : pct(r.mde),
          pct(r.margin),
          oneLine(r.method),
        ]),
        ['l', 'l', 'l', 'r', 'r', 'l'],
        (text, row, col) => (col === 2 ? verdictColor(c, model.noise[row]?.verdict ?? 'unchanged')(text) : text),
      ),
    );

  const fp = model.fingerprint;
  if (fp.differences.length > 0 || !fp.match) {
    out.push(
      '',
      heading(c, `Fingerprint differences (${fp.differences.length})`),
      `  Machines ${fp.match ? 'match' : 'differ'} (policy: ${fp.policy}).`,
    );
    if (fp.baselineMachine !== undefined) out.push(`  Baseline: ${oneLine(fp.baselineMachine)}`);
    if (fp.candidateMachine !== undefined) out.push(`  Candidate: ${oneLine(fp.candidateMachine)}`);
    const v = (x: string | number | boolean | null): string => (x === null ? '—' : truncate(oneLine(String(x)), 60));
    if (fp.differences.length > 0)
      out.push(
        ...textTable(
          ['Field', 'Baseline', 'Candidate'],
          fp.differences.map((d) => [oneLine(d.field), v(d.baseline), v(d.candidate)]),
          ['l', 'l', 'l'],
        ),
      );
  }

  if (model.failures.length > 0) {
    out.push('', heading(c, `Failures (${model.failures.length})`));
    for (const f of model.failures) {
      out.push(
        `  ${c.magenta(c.bold(oneLine(f.config)))} — ${oneLine(f.error.kind)}: ${truncate(oneLine(f.error.message), 1000)}`,
      );
      if (f.error.stderr_tail !== undefined)
        for (const line of stripControl(f.error.stderr_tail).replace(/\s+$/, '').split('\n').slice(-20))
          out.push(c.dim(`    | ${truncate(line, 300)}`));
    }
  }

  if (model.reproduceCommand !== undefined) {
    const [first = '', ...rest] = stripControl(model.reproduceCommand).replace(/\s+$/, '').split('\n');
    out.push('', heading(c, 'Reproduce locally'), `  $ ${first}`, ...rest.map((l) => `    ${l}`));
    if (model.configPath !== undefined) out.push(`  Config: ${oneLine(model.configPath)}`);
  }
  out.push('', heading(c, 'Statistics'), `  ${model.correction}`);
  return `${out.join('\n')}\n`;
}
