import type { GateEvaluation } from '../report/evaluate.js';
import { batched, jsonChunks } from '../util/jsonChunks.js';
import { UsageError, type CliContext } from './context.js';

export type ReportFormat = 'terminal' | 'markdown' | 'json';

export function reportFormat(value: string | undefined, isTTY: boolean): ReportFormat {
  if (value === undefined) return isTTY ? 'terminal' : 'markdown';
  if (value === 'terminal' || value === 'markdown' || value === 'json') return value;
  throw new UsageError(`--format must be terminal, markdown or json, got "${value}"`);
}

export function printReport(ctx: CliContext, evaluation: GateEvaluation, format: ReportFormat): void {
  if (format === 'json') {
    // In pieces: the comparison of very many configs is longer than one string may be.
    const doc = { comparison: evaluation.comparison, decision: evaluation.decision };
    for (const chunk of batched(jsonChunks(doc))) ctx.stdout.write(chunk);
    ctx.stdout.write('\n');
  } else if (format === 'markdown') {
    ctx.stdout.write(`${evaluation.markdown}\n`);
  } else {
    const color = ctx.isTTY && !ctx.env.NO_COLOR;
    ctx.stdout.write(`${evaluation.terminal(color)}\n`);
  }
  for (const f of evaluation.decision.failing) {
    ctx.stderr.write(`${evaluation.decision.accepted ? 'accepted' : 'gate'}: ${f.name}: ${f.reason}\n`);
  }
}
