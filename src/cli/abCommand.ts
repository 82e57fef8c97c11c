// `llm-perf-gate ab`: same-runner A/B. Runs the config from the base commit (a temporary git
// worktree) and from the current tree, interleaved, each run a separate process of this CLI; then
// the A/A check and the paired comparison. Exit 0 pass, 1 the gate fails, 2 bad usage or input.
import path from 'node:path';
import { FAIL_ON, type FailOn } from '../config/schema.js';
import { AbUsageError, MIN_AB_PAIRS, runAb } from '../ab/runAb.js';
import { execGit } from '../ab/gitRunner.js';
import { AbRunError, processRunExecutor } from '../ab/runExecutor.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { parseArgs } from './parseArgs.js';
import { printReport, reportFormat } from './printReport.js';

export const AB_USAGE = `usage: llm-perf-gate ab --config perf-gate.yml --base GIT_REF
         [--pairs N (default 3)] [--out-dir DIR (default .perf-gate/ab)] [--format terminal|markdown|json]
         [--filter REGEX] [--fail-on ${FAIL_ON.join('|')}] [--accepted] [--quiet]
  Runs base, head, base, head … (N pairs, each a separate process) on this machine: the base from a
  temporary git worktree of GIT_REF, the head from the current tree, the same config path in each.
  Writes base-I.json, head-I.json, comparison.json and report.md into --out-dir.`;

/** Node options that load a module (e.g. `--import tsx`), whose bare names resolve against the cwd. */
const LOADER_FLAGS = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r']);

/**
 * The program and arguments that start this CLI again (under `node dist/cli.js` and under tsx).
 * Module names given to node's loader flags are made absolute: the child runs in the base worktree,
 * where a bare name like `tsx` would not resolve.
 */
export function selfCommand(): string[] {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell how this CLI was started (process.argv[1] is empty)');
  const execArgv = process.execArgv.map((arg, i, all) => {
    if (!LOADER_FLAGS.has(all[i - 1] ?? '') || arg.startsWith('.') || arg.startsWith('/') || arg.includes(':'))
      return arg;
    try {
      return import.meta.resolve(arg);
    } catch {
      return arg;
    }
  });
  return [process.execPath, ...execArgv, path.resolve(entry)];
}

export const abCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('ab', args, {
    config: { type: 'string', short: 'c' },
    base: { type: 'string' },
    pairs: { type: 'string' },
    'out-dir': { type: 'string' },
    format: { type: 'string' },
    filter: { type: 'string' },
    'fail-on': { type: 'string' },
    accepted: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (!flags.config) throw new UsageError(`ab: --config is required\n${AB_USAGE}`);
  if (!flags.base) throw new UsageError(`ab: --base is required\n${AB_USAGE}`);
  const pairs = flags.pairs === undefined ? 3 : Number(flags.pairs);
  if (!Number.isInteger(pairs) || pairs < MIN_AB_PAIRS)
    throw new UsageError(
      `ab: --pairs must be an integer ≥ ${MIN_AB_PAIRS} (a regression needs ${MIN_AB_PAIRS} head runs to be confirmed), got "${flags.pairs}"`,
    );
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

  try {
    const outcome = await runAb(
      {
        cwd: ctx.cwd,
        config: flags.config,
        baseRef: flags.base,
        pairs,
        outDir,
        ...(flags.filter !== undefined ? { filter: flags.filter } : {}),
        ...(flags['fail-on'] ? { failOn: flags['fail-on'] as FailOn } : {}),
        accepted: flags.accepted ?? false,
      },
      {
        git: execGit(),
        executor: processRunExecutor({ cli: selfCommand(), env: ctx.env }),
        ...(log ? { log } : {}),
      },
    );
    if (log) log(`A/B results, comparison.json and report.md written to ${path.relative(ctx.cwd, outDir) || '.'}`);
    printReport(ctx, outcome.evaluation, format);
    return outcome.evaluation.decision.failed ? EXIT.gateFailed : EXIT.pass;
  } catch (err) {
    if (err instanceof AbUsageError || err instanceof AbRunError) throw new UsageError(err.message);
    throw err;
  }
};
