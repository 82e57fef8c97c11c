// `llm-perf-gate ab`: same-runner A/B with randomized interleaved trials on persistent workers
// (src/ab/). Exit 0 pass, 1 the gate fails, 2 bad usage or input.
import path from 'node:path';
import { FAIL_ON, type FailOn } from '../config/schema.js';
import {
  AbUsageError,
  DEFAULT_BLOCK_TRIALS,
  DEFAULT_BUDGET_S,
  DEFAULT_WORKERS,
  MIN_WORKERS,
  runAb,
  visibleGpuIndex,
} from '../ab/runAb.js';
import { nvidiaSmiMemoryProbe } from '../ab/deviceMemory.js';
import { execGit } from '../ab/gitRunner.js';
import { processWorkerStarter } from '../ab/workerStarter.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { parseArgs } from './parseArgs.js';
import { printReport, reportFormat } from './printReport.js';
import { definedFields } from '../util/definedFields.js';

export const AB_USAGE = `usage: llm-perf-gate ab --config perf-gate.yml --base GIT_REF
         [--workers W (default ${DEFAULT_WORKERS}, ≥ ${MIN_WORKERS})] [--budget-s S (default ${DEFAULT_BUDGET_S}, per config)]
         [--block N (default ${DEFAULT_BLOCK_TRIALS} trials; workers are replaced after each)] [--no-restart]
         [--trials N (exactly N trials per config, for recordings)] [--seed N (replay a run's trial orders)]
         [--out-dir DIR (default .perf-gate/ab)] [--format terminal|markdown|json]
         [--filter REGEX] [--fail-on ${FAIL_ON.join('|')}] [--accepted] [--quiet]
  Runs W persistent workers per side on this machine, the base from a temporary git worktree of
  GIT_REF, the head from the current tree; every trial runs one measured iteration on each worker
  in a fresh random order, until the gated metrics are decided or the budget is spent.
  Writes trials.json, comparison.json and report.md into --out-dir.`;

function intFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`ab: --${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

export const abCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('ab', args, {
    config: { type: 'string', short: 'c' },
    base: { type: 'string' },
    workers: { type: 'string' },
    'budget-s': { type: 'string' },
    block: { type: 'string' },
    'no-restart': { type: 'boolean' },
    trials: { type: 'string' },
    seed: { type: 'string' },
    'out-dir': { type: 'string' },
    format: { type: 'string' },
    filter: { type: 'string' },
    'fail-on': { type: 'string' },
    accepted: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (!flags.config) throw new UsageError(`ab: --config is required\n${AB_USAGE}`);
  if (!flags.base) throw new UsageError(`ab: --base is required\n${AB_USAGE}`);
  const workers = intFlag('workers', flags.workers, MIN_WORKERS);
  const budget = flags['budget-s'] === undefined ? undefined : Number(flags['budget-s']);
  if (budget !== undefined && !(budget > 0))
    throw new UsageError(`ab: --budget-s must be a positive number, got "${flags['budget-s']}"`);
  if (flags['fail-on'] && !(FAIL_ON as readonly string[]).includes(flags['fail-on']))
    throw new UsageError(`ab: --fail-on must be one of ${FAIL_ON.join(', ')}, got "${flags['fail-on']}"`);
  if (flags.filter !== undefined) {
    try {
      new RegExp(flags.filter);
    } catch (err) {
      throw new UsageError(`ab: --filter is not a valid regular expression: ${(err as Error).message}`);
    }
  }
  const format = reportFormat(flags.format, ctx.isTTY);
  const outDir = path.resolve(ctx.cwd, flags['out-dir'] ?? '.perf-gate/ab');
  const log = flags.quiet ? undefined : (line: string) => ctx.stderr.write(`${line}\n`);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const block = intFlag('block', flags.block, 1);
    const trials = intFlag('trials', flags.trials, 1);
    const seed = intFlag('seed', flags.seed, 0);
    const outcome = await runAb(
      {
        cwd: ctx.cwd,
        config: flags.config,
        baseRef: flags.base,
        outDir,
        ...definedFields({ workersPerSide: workers, budgetS: budget, blockTrials: block, trials, seed }),
        noRestart: flags['no-restart'] ?? false,
        ...definedFields({ filter: flags.filter }),
        ...(flags['fail-on'] ? { failOn: flags['fail-on'] as FailOn } : {}),
        accepted: flags.accepted ?? false,
      },
      {
        git: execGit(),
        startWorker: processWorkerStarter(ctx.env, abort.signal),
        memory: nvidiaSmiMemoryProbe(ctx.env),
        signal: abort.signal,
        ...definedFields({ gpuIndex: visibleGpuIndex(ctx.env) }),
        ...(log ? { log } : {}),
      },
    );
    if (log) log(`A/B trials.json, comparison.json and report.md written to ${path.relative(ctx.cwd, outDir) || '.'}`);
    printReport(ctx, outcome.evaluation, format);
    return outcome.evaluation.decision.failed ? EXIT.gateFailed : EXIT.pass;
  } catch (err) {
    if (err instanceof AbUsageError) throw new UsageError(err.message);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
};
