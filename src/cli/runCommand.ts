// `llm-perf-gate run`: measure the configs of a perf-gate.yml, write the result file, and — given
// baseline results — compare, print the report and exit by the gate.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/loadConfig.js';
import { evaluate } from '../pipeline/evaluate.js';
import { runBenchmarks } from '../protocol/runBenchmarks.js';
import { writeResult } from '../result/writeResult.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { gitInfo } from './gitInfo.js';
import { fileBaselineProvenance, loadResults } from './loadResults.js';
import { parseArgs } from './parseArgs.js';
import { printReport, reportFormat } from './printReport.js';
import { terminalProgress } from './terminalProgress.js';
import { silentProgress } from '../protocol/progress.js';

export const RUN_USAGE = `usage: llm-perf-gate run --config perf-gate.yml --out results.json
         [--baseline base1.json [base2.json ...]] [--format terminal|markdown|json] [--report-out report.md]
         [--filter REGEX] [--shard I/N] [--label NAME] [--quiet]`;

function parseShard(value: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || index < 1 || total < 1 || index > total)
    throw new UsageError(`run: --shard expects I/N with 1 ≤ I ≤ N (e.g. 2/3), got "${value}"`);
  return { index, total };
}

function parseFilter(value: string): (name: string) => boolean {
  try {
    const re = new RegExp(value);
    return (name) => re.test(name);
  } catch (err) {
    throw new UsageError(`run: --filter is not a valid regular expression: ${(err as Error).message}`);
  }
}

/** A word a POSIX shell reads back unchanged: quoted only when it has to be. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export const runCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('run', args, {
    config: { type: 'string', short: 'c' },
    out: { type: 'string', short: 'o' },
    baseline: { type: 'list' },
    format: { type: 'string' },
    'report-out': { type: 'string' },
    filter: { type: 'string' },
    shard: { type: 'string' },
    label: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (!flags.config) throw new UsageError(`run: --config is required\n${RUN_USAGE}`);
  if (!flags.out) throw new UsageError(`run: --out is required\n${RUN_USAGE}`);
  const format = reportFormat(flags.format, ctx.isTTY);
  const shard = flags.shard ? parseShard(flags.shard) : undefined;
  const filter = flags.filter ? parseFilter(flags.filter) : undefined;

  const loaded = await loadConfig(flags.config, ctx.cwd);
  const baselines = flags.baseline ? await loadResults(flags.baseline, ctx.cwd) : [];
  const git = await gitInfo(ctx.cwd, ctx.env);
  const doc = await runBenchmarks(loaded, {
    progress: flags.quiet ? silentProgress : terminalProgress(ctx.stderr, ctx.isTTY),
    ...(filter ? { filter } : {}),
    ...(shard ? { shard } : {}),
    ...(flags.label ? { label: flags.label } : {}),
    ...(git ? { git } : {}),
    ...(baselines.length > 0 ? { baselines } : {}),
  });
  if (doc.benchmarks.length === 0) {
    throw new UsageError(`run: no benchmark of ${flags.config} matches the --filter/--shard given`);
  }
  const outPath = path.resolve(ctx.cwd, flags.out);
  await writeResult(outPath, doc);
  if (!flags.quiet) ctx.stderr.write(`results written to ${flags.out}\n`);

  const evaluation = evaluate({
    baselines,
    candidates: [doc],
    gate: loaded.config.gate,
    baseline: fileBaselineProvenance(baselines),
    // Without --baseline the run is recorded, not compared: only failures can fail it.
    baselineOptional: baselines.length === 0,
    configPath: flags.config,
    reproduceCommand: [
      'npx llm-perf-gate run --config',
      shellWord(flags.config),
      '--out',
      shellWord(flags.out),
      ...(flags.filter ? ['--filter', shellWord(flags.filter)] : []),
      ...(flags.shard ? ['--shard', shellWord(flags.shard)] : []),
      ...(flags.baseline ? ['--baseline', ...flags.baseline.map(shellWord)] : []),
    ].join(' '),
  });
  if (flags['report-out']) {
    const reportPath = path.resolve(ctx.cwd, flags['report-out']);
    await mkdir(path.dirname(reportPath), { recursive: true });
    await writeFile(reportPath, evaluation.markdown);
  }
  printReport(ctx, evaluation, format);
  return evaluation.decision.failed ? EXIT.gateFailed : EXIT.pass;
};
