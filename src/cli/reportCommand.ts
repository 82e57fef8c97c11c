// `llm-perf-gate report`: render results without gating — the study table (configs against a
// reference config, the seed's "speedup vs base") and, given baselines, the comparison report.
import { evaluate } from '../report/evaluate.js';
import { findCrossovers, renderCrossovers } from '../report/crossover.js';
import { renderStudyTable } from '../report/studyTable.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { fileBaselineProvenance, gateFromResult, loadResults } from './loadResults.js';
import { parseArgs } from './parseArgs.js';
import { reportFormat } from './printReport.js';

export const REPORT_USAGE = `usage: llm-perf-gate report --results R.json [R2.json ...] [--baseline A.json ...]
         [--reference CONFIG] [--format terminal|markdown|json]`;

export const reportCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('report', args, {
    results: { type: 'list' },
    candidate: { type: 'list' },
    baseline: { type: 'list' },
    reference: { type: 'string' },
    format: { type: 'string' },
  });
  const files = [...(flags.results ?? []), ...(flags.candidate ?? [])];
  if (files.length === 0) throw new UsageError(`report: --results is required\n${REPORT_USAGE}`);
  const format = reportFormat(flags.format, ctx.isTTY);
  const candidates = await loadResults(files, ctx.cwd);
  const read = candidates.map((doc, i) => ({ source: files[i]!, doc }));
  const baselines = flags.baseline ? await loadResults(flags.baseline, ctx.cwd, read) : [];

  if (format === 'json') {
    const evaluation = evaluate({ baselines, candidates, gate: gateFromResult(candidates[0]!) });
    ctx.stdout.write(`${JSON.stringify({ comparison: evaluation.comparison }, null, 2)}\n`);
    return EXIT.pass;
  }
  const tableFormat = format === 'markdown' ? 'markdown' : 'terminal';
  // Several result files are several runs of the same configs: one table, intervals between runs.
  ctx.stdout.write(`${renderStudyTable(candidates, flags.reference, tableFormat)}\n`);
  for (const doc of candidates) {
    const crossovers = findCrossovers(doc);
    if (crossovers.length > 0) ctx.stdout.write(`${renderCrossovers(crossovers, tableFormat)}\n`);
  }
  if (baselines.length > 0) {
    const evaluation = evaluate({
      baselines,
      candidates,
      gate: gateFromResult(candidates[0]!),
      baseline: fileBaselineProvenance(baselines),
    });
    ctx.stdout.write(
      `${format === 'markdown' ? evaluation.markdown : evaluation.terminal(ctx.isTTY && !ctx.env.NO_COLOR)}\n`,
    );
  }
  return EXIT.pass;
};
