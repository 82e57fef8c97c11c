// `llm-perf-gate run`: measure the configs of a perf-gate.yml, write the result file, and — given
// baseline results — compare, print the report and exit by the gate.
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.js';
import { baselineProvenance } from '../baseline/provenance.js';
import type { ResultDoc } from '../result/schema.js';
import { evaluate } from '../report/evaluate.js';
import { runBenchmarks } from '../protocol/runBenchmarks.js';
import { writeFileAtomically } from '../output/atomicWrite.js';
import { checkOutputs } from '../output/checkOutputs.js';
import { OutputError } from '../output/writeError.js';
import { writeResult, writeResultSync } from '../result/writeResult.js';
import { EXIT, UsageError, type CliCommand, type CliContext } from './context.js';
import {
  BRANCH_STORE_FLAGS,
  BRANCH_STORE_USAGE,
  branchStoreFrom,
  loadBranchBaselines,
  type BranchStoreChoice,
} from './branchStoreFlags.js';
import { gitInfo } from './gitInfo.js';
import { fileBaselineProvenance, loadResults } from './loadResults.js';
import { parseArgs } from './parseArgs.js';
import { printReport, reportFormat } from './printReport.js';
import { terminalProgress } from './terminalProgress.js';
import { withHeartbeat } from '../protocol/heartbeat.js';
import { silentProgress, type ProgressReporter } from '../protocol/progress.js';

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
  const outPath = path.resolve(ctx.cwd, flags.out);
  const reportPath = flags['report-out'] ? path.resolve(ctx.cwd, flags['report-out']) : undefined;

  const loaded = await loadConfig(flags.config, ctx.cwd);
  const { baselines, store, stored } = await loadBaselines(flags, loaded, ctx);
  await checkOutputs(
    [{ role: '--out', path: outPath }, ...(reportPath ? [{ role: '--report-out', path: reportPath }] : [])],
    [
      { role: '--config', path: loaded.absPath },
      ...(flags.baseline ?? []).map((b) => ({ role: '--baseline', path: path.resolve(ctx.cwd, b) })),
    ],
  );
  const git = await gitInfo(ctx.cwd, ctx.env);
  let snapshot: ResultDoc | undefined;
  // A forced exit (the engine did not stop in time) still leaves the configs finished so far.
  const unhook = ctx.cancellation?.onForcedExit(() => snapshot && writeResultSync(outPath, snapshot));
  const doc = await runBenchmarks(loaded, {
    progress: flags.quiet ? silentProgress : cliProgress(ctx),
    ...(filter ? { filter } : {}),
    ...(shard ? { shard } : {}),
    ...(flags.label ? { label: flags.label } : {}),
    ...(git ? { git } : {}),
    ...(baselines.length > 0 ? { baselines } : {}),
    signal: ctx.cancellation?.signal,
    onSnapshot: (d) => (snapshot = d),
  }).finally(() => unhook?.());
  if (doc.benchmarks.length === 0) {
    throw new UsageError(`run: no benchmark of ${flags.config} matches the --filter/--shard given`);
  }
  const written = await saveResult(outPath, flags.out, doc, ctx);
  if (doc.run.cancelled) {
    if (written) ctx.stderr.write(`${doc.run.cancelled.message}; partial results written to ${written}\n`);
    return EXIT.gateFailed;
  }
  if (written && !flags.quiet) ctx.stderr.write(`results written to ${written}\n`);
  if (store && flags['save-baseline']) await saveToBranch(store, loaded, doc, ctx);

  const evaluation = evaluate({
    baselines,
    candidates: [doc],
    gate: loaded.config.gate,
    baseline: stored && store ? baselineProvenance(store.store.kind, stored) : fileBaselineProvenance(baselines),
    // Without a baseline asked for, or when this run saves one, it is recorded: only failures fail it.
    baselineOptional: (!store && !flags.baseline) || flags['save-baseline'] === true,
    configPath: flags.config,
    reproduceCommand: reproduceCommand(flags, store?.remote),
  });
  const reportSaved = reportPath ? await saveReport(reportPath, evaluation.markdown, ctx) : true;
  printReport(ctx, evaluation, format);
  if (written !== flags.out || !reportSaved) return EXIT.badInput;
  return evaluation.decision.failed ? EXIT.gateFailed : EXIT.pass;
};

/** Redrawn in place on a terminal; plain lines plus a steady heartbeat in a CI log. */
function cliProgress(ctx: CliContext): ProgressReporter {
  const progress = terminalProgress(ctx.stderr, ctx.isTTY);
  return ctx.isTTY ? progress : withHeartbeat(progress, { write: (line) => ctx.stderr.write(`${line}\n`) });
}

function reproduceCommand(
  flags: { config?: string; out?: string; filter?: string; shard?: string; baseline?: string[] },
  storeRemote: string | undefined,
): string {
  return [
    'npx llm-perf-gate run --config',
    shellWord(flags.config ?? ''),
    '--out',
    shellWord(flags.out ?? ''),
    ...(flags.filter ? ['--filter', shellWord(flags.filter)] : []),
    ...(flags.shard ? ['--shard', shellWord(flags.shard)] : []),
    ...(flags.baseline ? ['--baseline', ...flags.baseline.map(shellWord)] : []),
    ...(storeRemote !== undefined ? ['--baseline-store branch --store-remote', shellWord(storeRemote)] : []),
  ].join(' ');
}

/**
 * Writes the result file; when that fails (the disk filled up during the run), says why and saves
 * the measurements to a file in the temporary folder instead. Returns where they are, if anywhere.
 */
async function saveResult(
  outPath: string,
  display: string,
  doc: ResultDoc,
  ctx: CliContext,
): Promise<string | undefined> {
  try {
    await writeResult(outPath, doc);
    return display;
  } catch (err) {
    if (!(err instanceof OutputError)) throw err;
    const fallback = path.join(os.tmpdir(), `llm-perf-gate-results-${doc.run.id}.json`);
    const saved = await writeResult(fallback, doc).then(
      () => true,
      () => false,
    );
    ctx.stderr.write(
      `llm-perf-gate run: ${err.message}; ${saved ? `the results were saved to ${fallback} instead` : 'the report below has the measurements'}\n`,
    );
    return saved ? fallback : undefined;
  }
}

async function saveReport(reportPath: string, markdown: string, ctx: CliContext): Promise<boolean> {
  try {
    await writeFileAtomically(reportPath, markdown);
    return true;
  } catch (err) {
    if (!(err instanceof OutputError)) throw err;
    ctx.stderr.write(`llm-perf-gate run: ${err.message}; the report is printed below\n`);
    return false;
  }
}
