// `llm-perf-gate run`: measure the configs of a perf-gate.yml, write the result file, and — given
// baseline results — compare, print the report and exit by the gate.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.js';
import { baselineProvenance } from '../baseline/provenance.js';
import type { ResultDoc } from '../result/schema.js';
import { evaluate } from '../report/evaluate.js';
import { runBenchmarks } from '../protocol/runBenchmarks.js';
import { writeResult } from '../result/writeResult.js';
import { EXIT, UsageError, type CliCommand, type CliContext } from './context.js';
import {
  BRANCH_STORE_FLAGS,
  BRANCH_STORE_USAGE,
  branchStoreFrom,
  loadBranchBaselines,
  type BranchStoreChoice,
} from './branchStoreFlags.js';
import { gitInfo } from './gitInfo.js';
import { loadResults } from './loadResults.js';
import { parseArgs } from './parseArgs.js';
import { printReport, reportFormat } from './printReport.js';
import { terminalProgress } from './terminalProgress.js';
import { silentProgress } from '../protocol/progress.js';

export const RUN_USAGE = `usage: llm-perf-gate run --config perf-gate.yml --out results.json
         [--baseline base1.json [base2.json ...]] [--format terminal|markdown|json] [--report-out report.md]
         [--filter REGEX] [--shard I/N] [--label NAME] [--quiet]
         ${BRANCH_STORE_USAGE} [--save-baseline] (instead of --baseline)`;

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

/** `--save-baseline`: the run joins the stored window of its branch (never a run with a failed benchmark). */
async function saveToBranch(
  store: BranchStoreChoice,
  loaded: LoadedConfig,
  doc: ResultDoc,
  ctx: CliContext,
): Promise<void> {
  const failed = doc.benchmarks.filter((b) => b.status === 'failed').length;
  if (failed > 0) {
    ctx.stderr.write(`run: not saved as a baseline: ${failed} benchmark(s) failed\n`);
    return;
  }
  const saved = await store.store.save(
    { configHash: loaded.hash, branch: store.branch, keep: loaded.config.gate.baseline_runs },
    [doc],
  );
  ctx.stderr.write(
    saved.saved
      ? `run: saved to the baseline of ${store.branch} in ${store.store.dataBranch} (${saved.kept} run(s) kept; ${saved.note ?? ''})\n`
      : `run: the baseline was not saved: ${saved.note ?? 'unknown reason'}\n`,
  );
}

type BaselineFlags = Parameters<typeof branchStoreFrom>[0] & {
  readonly baseline?: string[];
  readonly shard?: string;
  readonly 'save-baseline'?: boolean;
};

/** Baselines from --baseline files or the git-branch store (with what the store said, for the report). */
async function loadBaselines(flags: BaselineFlags, loaded: LoadedConfig, ctx: CliContext) {
  if (flags['baseline-store'] && flags.baseline)
    throw new UsageError('run: give --baseline files or --baseline-store branch, not both');
  if (flags['save-baseline'] && (!flags['baseline-store'] || flags.shard))
    throw new UsageError('run: --save-baseline needs --baseline-store branch and a whole run (no --shard)');
  const store = await branchStoreFrom(flags, ctx, 'run');
  const stored = store
    ? await loadBranchBaselines(store, { configHash: loaded.hash, keep: loaded.config.gate.baseline_runs }, ctx, 'run')
    : undefined;
  const baselines = stored ? [...stored.runs] : flags.baseline ? await loadResults(flags.baseline, ctx.cwd) : [];
  return { baselines, store, stored };
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
    'save-baseline': { type: 'boolean' },
    ...BRANCH_STORE_FLAGS,
  });
  if (!flags.config) throw new UsageError(`run: --config is required\n${RUN_USAGE}`);
  if (!flags.out) throw new UsageError(`run: --out is required\n${RUN_USAGE}`);
  const format = reportFormat(flags.format, ctx.isTTY);
  const shard = flags.shard ? parseShard(flags.shard) : undefined;
  const filter = flags.filter ? parseFilter(flags.filter) : undefined;

  const loaded = await loadConfig(flags.config, ctx.cwd);
  const { baselines, store, stored } = await loadBaselines(flags, loaded, ctx);
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
  if (store && flags['save-baseline']) await saveToBranch(store, loaded, doc, ctx);

  const evaluation = evaluate({
    baselines,
    candidates: [doc],
    gate: loaded.config.gate,
    ...(stored && store ? { baseline: baselineProvenance(store.store.kind, stored) } : {}),
    configPath: flags.config,
    reproduceCommand: [
      'npx llm-perf-gate run --config',
      shellWord(flags.config),
      '--out',
      shellWord(flags.out),
      ...(flags.filter ? ['--filter', shellWord(flags.filter)] : []),
      ...(flags.shard ? ['--shard', shellWord(flags.shard)] : []),
      ...(flags.baseline ? ['--baseline', ...flags.baseline.map(shellWord)] : []),
      ...(store ? ['--baseline-store branch --store-remote', shellWord(store.remote)] : []),
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
