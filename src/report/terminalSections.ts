// The terminal report's sections, each from the report model: plain text, coloured when asked.
// Untrusted text goes through oneLine/stripControl so it cannot move the cursor or recolour output.
import type pc from 'picocolors';
import { METRIC_INFO } from '../metrics.js';
import type { VerdictKind } from '../stats/types.js';
import { pickChangeItems, CHART_MAX_CONFIGS, CHART_MIN_CONFIGS } from './chart.js';
import { oneLine, stripControl, truncate } from './escape.js';
import { forestPlot } from './forestText.js';
import { formatPercent, metricCells, sampleCells, VERDICT_WORD } from './format.js';
import type { MetricGroup, ReportModel } from './model.js';
import { textTable } from './textTable.js';

export type Colors = ReturnType<typeof pc.createColors>;

const plainPct = (v: number): string => `±${formatPercent(v).replace(/^[+-]/, '')}`;

export function verdictColor(c: Colors, kind: VerdictKind): (s: string) => string {
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

export function heading(c: Colors, text: string): string {
  return c.bold(c.underline(text));
}

export function groupLines(c: Colors, group: MetricGroup, nameMax: number): string[] {
  let previous: string | undefined;
  const rows = group.rows.map((r) => {
    const name = r.config === previous ? '' : truncate(oneLine(r.config), nameMax);
    previous = r.config;
    return [name, ...metricCells(r), `${VERDICT_WORD[r.verdict]}${r.tag === undefined ? '' : ` (${oneLine(r.tag)})`}`];
  });
  const table = textTable(
    ['Configuration', 'Metric', 'Baseline', 'Candidate', 'Change [CI]', 'Verdict'],
    rows,
    ['l', 'l', 'r', 'r', 'r', 'l'],
    (text, row, col) => (col === 5 ? verdictColor(c, group.rows[row]?.verdict ?? 'unchanged')(text) : text),
  );
  return [heading(c, group.title), ...table];
}

export function chartLines(c: Colors, model: ReportModel, nameMax: number): string[] {
  const { items, margin, metric } = model.chart;
  if (items.length < CHART_MIN_CONFIGS) return [];
  const picked = pickChangeItems(items, CHART_MAX_CONFIGS);
  const { header, lines } = forestPlot(picked, margin);
  const labels = picked.map((i) => `${truncate(oneLine(i.label), nameMax)} ${formatPercent(i.change)}`);
  const width = Math.max(...labels.map((l) => l.length));
  const out = [
    heading(c, `${metric} change: interval per config, zero (|) and ${plainPct(margin)} margin (:)`),
    `${' '.repeat(width)}  ${header}`,
  ];
  lines.forEach((l, i) =>
    out.push(`${(labels[i] ?? '').padEnd(width)}  ${verdictColor(c, l.item.verdict)(l.plot.trimEnd())}`),
  );
  if (items.length > picked.length)
    out.push(
      c.dim(`(${picked.length} of ${items.length} configurations drawn: worst verdicts and largest changes first)`),
    );
  return out;
}

export function sampleLines(c: Colors, model: ReportModel, nameMax: number): string[] {
  const rows = model.samples.map((r) => [
    truncate(oneLine(r.config), nameMax),
    METRIC_INFO[r.metric].label,
    ...sampleCells(r.baseline, r.metric),
    ...sampleCells(r.candidate, r.metric),
  ]);
  const header = ['Configuration', 'Metric', 'Baseline n', 'Baseline median [IQR]', 'Outliers'];
  return [
    heading(c, 'Samples per configuration'),
    ...textTable([...header, 'Candidate n', 'Candidate median [IQR]', 'Outliers'], rows, [
      'l',
      'l',
      'r',
      'r',
      'r',
      'r',
      'r',
      'r',
    ]),
    c.dim(
      'n counts measured iterations over all runs; median and IQR are of all iterations pooled; outliers lie beyond 1.5·IQR and are reported, never dropped.',
    ),
  ];
}

export function noiseLines(c: Colors, model: ReportModel, nameMax: number): string[] {
  const out = [heading(c, 'Noise floor and minimum detectable effect')];
  if (model.noiseFloor.length > 0)
    for (const n of model.noiseFloor) out.push(`  ${oneLine(n.key)}: ${plainPct(n.value)}`);
  else out.push('  No A/A noise floor was measured for this comparison.');
  if (model.noise.length === 0) return out;
  const rows = model.noise.map((r) => [
    truncate(oneLine(r.config), nameMax),
    METRIC_INFO[r.metric].label,
    VERDICT_WORD[r.verdict],
    r.mde === undefined ? '—' : plainPct(r.mde),
    plainPct(r.margin),
    truncate(oneLine(`${r.method}${r.note === undefined ? '' : `. ${r.note}`}`), 200),
  ]);
  return [
    ...out,
    ...textTable(
      ['Configuration', 'Metric', 'Verdict', 'Min. detectable', 'Margin', 'Method and notes'],
      rows,
      ['l', 'l', 'l', 'r', 'r', 'l'],
      (text, row, col) => (col === 2 ? verdictColor(c, model.noise[row]?.verdict ?? 'unchanged')(text) : text),
    ),
  ];
}

export function trialLines(c: Colors, model: ReportModel, nameMax: number): string[] {
  if (model.trials.length === 0) return [];
  const rows = model.trials.map((t) => [
    truncate(oneLine(t.config), nameMax),
    String(t.trials),
    String(t.workersPerSide),
    `${Math.round(t.seconds)} s`,
    `${t.stopped}${t.rotated ? ' (workers rotated)' : ''}`,
  ]);
  return [
    heading(c, 'A/B trials'),
    ...textTable(['Configuration', 'Trials', 'Workers per side', 'Time', 'Stopped because'], rows, [
      'l',
      'r',
      'r',
      'r',
      'l',
    ]),
  ];
}

export function fingerprintLines(c: Colors, model: ReportModel): string[] {
  const fp = model.fingerprint;
  if (fp.differences.length === 0 && fp.match) return [];
  const out = [
    heading(c, `Fingerprint differences (${fp.differences.length})`),
    `  Machines ${fp.match ? 'match' : 'differ'} (policy: ${fp.policy}).`,
  ];
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
  return out;
}

export function failureLines(c: Colors, model: ReportModel): string[] {
  if (model.failures.length === 0) return [];
  const out = [heading(c, `Failures (${model.failures.length})`)];
  for (const f of model.failures) {
    out.push(
      `  ${c.magenta(c.bold(oneLine(f.config)))} — ${oneLine(f.error.kind)}: ${truncate(oneLine(f.error.message), 1000)}`,
    );
    if (f.error.stderr_tail !== undefined)
      for (const line of stripControl(f.error.stderr_tail).replace(/\s+$/, '').split('\n').slice(-20))
        out.push(c.dim(`    | ${truncate(line, 300)}`));
  }
  return out;
}

export function reproduceLines(c: Colors, model: ReportModel): string[] {
  if (model.reproduceCommand === undefined) return [];
  const [first = '', ...rest] = stripControl(model.reproduceCommand).replace(/\s+$/, '').split('\n');
  const out = [heading(c, 'Reproduce locally'), `  $ ${first}`, ...rest.map((l) => `    ${l}`)];
  if (model.configPath !== undefined) out.push(`  Config: ${oneLine(model.configPath)}`);
  return out;
}
