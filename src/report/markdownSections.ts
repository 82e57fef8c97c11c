// The PR comment's tables and collapsible sections, each from the report model. Every untrusted
// string is escaped here (mdText, mdCode, mdCodeBlock).
import { markdownTable } from 'markdown-table';
import { METRIC_INFO } from '../metrics.js';
import { fitWidth, mdCode, mdCodeBlock, mdText, oneLine, stripControl, truncate } from './escape.js';
import { formatPercent, metricCells, sampleCells, VERDICT_ICON, VERDICT_WORD } from './format.js';
import type { MetricRow, ReportModel } from './model.js';

const plainPct = (v: number): string => `±${formatPercent(v).replace(/^[+-]/, '')}`;

export function details(summary: string, body: string): string {
  // The blank line after <summary> lets GitHub render the markdown inside.
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

export function verdictCell(r: Pick<MetricRow, 'verdict' | 'tag'>): string {
  return `${VERDICT_ICON[r.verdict]} ${VERDICT_WORD[r.verdict]}${r.tag === undefined ? '' : ` (${mdText(r.tag)})`}`;
}

/** Widest configuration name in a table, in columns: wider ones are cut so the table fits a comment. */
export const NAME_COLUMNS = 32;

/** Metric rows as a table; a config's name is written once, on its first row. */
export function metricTable(rows: readonly MetricRow[]): string {
  let previous: string | undefined;
  const body = rows.map((r) => {
    const name = r.config === previous ? '' : mdText(fitWidth(oneLine(r.config), NAME_COLUMNS));
    previous = r.config;
    // No-break spaces keep "14,520 MiB" and "-5.5% [-14.5%, +3.5%]" on one line in a narrow comment.
    const [metric = '', ...numbers] = metricCells(r);
    return [name, metric, ...numbers.map((n) => n.replace(/ /g, '\u00a0')), verdictCell(r).replace(/ /g, '\u00a0')];
  });
  return markdownTable([['Configuration', 'Metric', 'Baseline', 'Candidate', 'Change [CI]', 'Verdict'], ...body], {
    align: ['l', 'l', 'r', 'r', 'r', 'l'],
    alignDelimiters: false,
  });
}

export function samplesSection(model: ReportModel): string {
  const rows = model.samples.map((r) => [
    mdText(r.config),
    METRIC_INFO[r.metric].label,
    ...sampleCells(r.baseline, r.metric),
    ...sampleCells(r.candidate, r.metric),
  ]);
  const header = ['Configuration', 'Metric', 'Baseline n', 'Baseline median [IQR]', 'Outliers'];
  const table = markdownTable([[...header, 'Candidate n', 'Candidate median [IQR]', 'Outliers'], ...rows], {
    align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    alignDelimiters: false,
  });
  return details(
    'Samples per configuration',
    `${table}\n\nn counts measured iterations over all runs; median and IQR are of all iterations pooled (the change uses per-run medians); outliers lie beyond 1.5·IQR and are reported, never dropped.`,
  );
}

export function noiseSection(model: ReportModel): string {
  const lines: string[] = [];
  if (model.noiseFloor.length > 0) {
    lines.push('Noise floor (relative spread between runs of unchanged code):', '');
    for (const n of model.noiseFloor) lines.push(`- ${mdText(n.key)}: ${plainPct(n.value)}`);
    lines.push('');
  } else lines.push('No A/A noise floor was measured for this comparison.', '');
  const rows = model.noise.map((r) => [
    mdText(r.config),
    METRIC_INFO[r.metric].label,
    `${VERDICT_ICON[r.verdict]} ${VERDICT_WORD[r.verdict]}`,
    r.mde === undefined ? '—' : plainPct(r.mde),
    plainPct(r.margin),
    mdText(truncate(`${r.method}${r.note === undefined ? '' : `. ${r.note}`}`, 400)),
  ]);
  if (rows.length > 0)
    lines.push(
      markdownTable(
        [['Configuration', 'Metric', 'Verdict', 'Min. detectable', 'Margin', 'Method and notes'], ...rows],
        {
          align: ['l', 'l', 'l', 'r', 'r', 'l'],
          alignDelimiters: false,
        },
      ),
      '',
      'A change smaller than the minimum detectable effect cannot be told apart from noise with these runs; more runs, or A/B mode, shrink it.',
    );
  return details('Noise floor and minimum detectable effect', lines.join('\n'));
}

export function trialsSection(model: ReportModel): string {
  const rows = model.trials.map((t) => [
    mdText(t.config),
    String(t.trials),
    String(t.workersPerSide),
    `${Math.round(t.seconds)} s`,
    `${mdText(t.stopped)}${t.rotated ? ' (workers rotated: fewer fit on the device at once)' : ''}`,
  ]);
  const table = markdownTable([['Configuration', 'Trials', 'Workers per side', 'Time', 'Stopped because'], ...rows], {
    align: ['l', 'r', 'r', 'r', 'l'],
    alignDelimiters: false,
  });
  return details(
    `A/B trials (${model.trials.length} configurations)`,
    `${table}\n\nA trial runs one measured iteration on every worker of both sides, in a fresh random order.`,
  );
}

export function fingerprintSection(model: ReportModel): string {
  const fp = model.fingerprint;
  const lines = [
    `Machines ${fp.match ? 'match' : 'differ'} (policy: ${mdCode(fp.policy)}).`,
    ...(fp.baselineMachine !== undefined ? [`- Baseline: ${mdText(fp.baselineMachine)}`] : []),
    ...(fp.candidateMachine !== undefined ? [`- Candidate: ${mdText(fp.candidateMachine)}`] : []),
  ];
  if (fp.differences.length > 0) {
    const cell = (v: string | number | boolean | null): string => (v === null ? '—' : mdText(truncate(String(v), 200)));
    const rows = fp.differences.map((d) => [mdText(d.field), cell(d.baseline), cell(d.candidate)]);
    lines.push('', markdownTable([['Field', 'Baseline', 'Candidate'], ...rows], { alignDelimiters: false }));
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

export function failuresSection(model: ReportModel, stderrLines: number): string {
  const blocks = model.failures.map((f) => {
    const head = `**${mdText(f.config)}** — ${mdCode(f.error.kind)}: ${mdText(truncate(f.error.message, 1000))}`;
    if (f.error.stderr_tail === undefined || stderrLines === 0) return head;
    return `${head}\n\n${mdCodeBlock(tail(f.error.stderr_tail, stderrLines), 'text')}`;
  });
  return details(`Failures (${model.failures.length})`, blocks.join('\n\n'));
}

export function reproduceSection(model: ReportModel): string | undefined {
  if (model.reproduceCommand === undefined) return undefined;
  const body = [mdCodeBlock(model.reproduceCommand, 'sh')];
  if (model.configPath !== undefined) body.push('', `Config: ${mdCode(model.configPath)}`);
  return details('Reproduce locally', body.join('\n'));
}
