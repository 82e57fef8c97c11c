// The report for `llm-perf-gate report` / `compare` in a terminal: the same content as the PR
// comment, coloured when asked (a TTY), plain otherwise, nothing folded. Untrusted text is stripped
// of escape sequences so a config name or stderr line cannot rewrite the terminal.
import pc from 'picocolors';
import { findCrossovers, renderCrossovers } from './crossover.js';
import { oneLine, truncate } from './escape.js';
import { HEADLINE_TITLE, type HeadlineState } from './headline.js';
import { mergeRuns } from './mergeRuns.js';
import { undecidedLines } from './renderMarkdown.js';
import { buildReportModel, type ReportModel } from './model.js';
import { renderStudyTable } from './studyTable.js';
import {
  chartLines,
  failureLines,
  fingerprintLines,
  groupLines,
  heading,
  noiseLines,
  reproduceLines,
  sampleLines,
  trialLines,
  type Colors,
} from './terminalSections.js';
import type { ReportInput } from './types.js';

const STATE_WORD: Readonly<Record<HeadlineState, string>> = {
  regression: 'FAIL',
  'not-measured': 'NOT MEASURED',
  undecided: 'UNDECIDED',
  passed: 'PASS',
};

function stateColor(c: Colors, state: HeadlineState): (s: string) => string {
  return state === 'regression' ? c.red : state === 'passed' ? c.green : c.yellow;
}

export function terminalHeadline(c: Colors, model: ReportModel): string {
  const h = model.headline;
  const next = h.nextStep === undefined ? '' : `; next: ${h.nextStep}`;
  const parts = [`${HEADLINE_TITLE[h.state]}: ${h.evidence}${next}`, h.gate, h.counts, h.mode];
  if (h.machine !== undefined) parts.push(h.machine);
  if (h.commits !== undefined) {
    const date = h.commits.baselineDate === undefined ? '' : ` (${h.commits.baselineDate})`;
    parts.push(`${h.commits.baseline ?? '?'}${date} → ${h.commits.candidate ?? '?'}`);
  }
  return `${c.bold(stateColor(c, h.state)(STATE_WORD[h.state]))} ${parts.map(oneLine).join(' · ')}`;
}

function summaryLines(c: Colors, model: ReportModel): string[] {
  const out: string[] = [];
  const mark = { regression: c.red('✗'), 'not-measured': c.yellow('!'), undecided: c.yellow('?') } as const;
  for (const f of model.failing)
    out.push(`  ${mark[f.state]} ${c.bold(oneLine(f.name))}: ${truncate(oneLine(f.reason), 300)}`);
  out.push(
    ...undecidedLines(
      model,
      (u, next) =>
        `  ${mark.undecided} ${c.bold(oneLine(u.name))}: ${truncate(oneLine(next ? `${u.reason}; next: ${next}` : u.reason), 300)}`,
      (next) => `  ${mark.undecided} To decide them: ${oneLine(next)}.`,
    ),
  );
  for (const w of model.warnings) out.push(`  ${c.yellow('!')} ${truncate(oneLine(w), 300)}`);
  if (model.accept !== undefined) {
    const label = `"${oneLine(model.accept.label)}"`;
    out.push(
      model.accept.accepted
        ? `  Accepted: the pull request has the label ${label}, so the gate passes.`
        : `  To accept this, add the label ${label} to the pull request.`,
    );
  }
  return out;
}

function studyLines(c: Colors, input: ReportInput): string[] {
  const out: string[] = [];
  const ok = new Set(input.candidates.flatMap((d) => d.benchmarks.filter((b) => b.status === 'ok').map((b) => b.name)));
  if (ok.size >= 2)
    out.push(
      heading(c, 'Study table: configurations vs reference'),
      renderStudyTable(input.candidates, undefined, 'terminal'),
    );
  const merged = mergeRuns(input.candidates);
  const series = merged === undefined ? [] : findCrossovers(merged);
  if (series.length > 0) out.push('', heading(c, 'Sweep crossover'), renderCrossovers(series, 'terminal'));
  return out;
}

/** The report as terminal text; `width` bounds the configuration-name column. */
export function renderTerminal(input: ReportInput, options: { color: boolean; width?: number }): string {
  const c = pc.createColors(options.color);
  const model = buildReportModel(input);
  const nameMax = Math.max(16, Math.min(60, (options.width ?? 140) - 80));
  const blocks: string[][] = [
    [c.bold(oneLine(model.title)), terminalHeadline(c, model)],
    summaryLines(c, model),
    ...model.groups.map((g) => groupLines(c, g, nameMax)),
    model.tableNotes.map((n) => c.dim(n)),
    chartLines(c, model, nameMax),
    trialLines(c, model, nameMax),
    studyLines(c, input),
    model.samples.length > 0 ? sampleLines(c, model, nameMax) : [],
    noiseLines(c, model, nameMax),
    fingerprintLines(c, model),
    failureLines(c, model),
    reproduceLines(c, model),
    [heading(c, 'Statistics'), `  ${model.correction}`],
  ];
  return `${blocks
    .filter((b) => b.length > 0)
    .map((b) => b.join('\n'))
    .join('\n\n')}\n`;
}
