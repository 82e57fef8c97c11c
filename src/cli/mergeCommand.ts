// `llm-perf-gate merge`: the result files of a sharded run (one per runner of a matrix) → one result
// file. Missing and failed shards are listed and enter the merged file as failed configs.
import path from 'node:path';
import { checkOutputs } from '../output/checkOutputs.js';
import { writeResult } from '../result/writeResult.js';
import { combineShardedRuns, type CombinedRuns } from '../shards/combineShardedRuns.js';
import { describeShards, mergeShards, ShardMergeError, type ShardInput } from '../shards/mergeShards.js';
import { readShardInputs } from '../shards/readShardInputs.js';
import { EXIT, UsageError, type CliCommand, type OutputStream } from './context.js';
import { parseArgs } from './parseArgs.js';

export const MERGE_USAGE = `usage: llm-perf-gate merge --results shard-1.json shard-2.json ... | DIR --out merged.json
         [--total-shards N] [--quiet]
  Merges the result files of one run split with --shard I/N. A folder stands for every .json file
  under it. A shard without a file, or whose file is a shard-failure placeholder, is reported and
  its configs enter the merged file as failed (they fail the gate under fail_on: regression-or-failed).`;

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`merge: ${flag} expects a positive integer, got "${value}"`);
  return n;
}

/**
 * Reads result files for `compare`/`report`: shard files of one run are merged into one run (shard
 * states are written to `log`), plain result files stay separate runs. Errors are usage errors.
 */
export async function loadRunsMergingShards(
  files: readonly string[],
  cwd: string,
  log?: OutputStream,
  expectedTotal?: number,
): Promise<CombinedRuns> {
  return combineInputs(await readShardInputs(files, cwd), log, expectedTotal);
}

/** The same, for inputs already read. */
export function combineInputs(inputs: readonly ShardInput[], log?: OutputStream, expectedTotal?: number): CombinedRuns {
  try {
    const combined = combineShardedRuns(inputs, expectedTotal !== undefined ? { expectedTotal } : {});
    if (combined.merge && log) {
      for (const line of [...describeShards(combined.merge), ...combined.merge.warnings]) log.write(`${line}\n`);
    }
    return combined;
  } catch (err) {
    if (err instanceof ShardMergeError) throw new UsageError(err.message);
    throw err;
  }
}

export const mergeCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('merge', args, {
    results: { type: 'list' },
    out: { type: 'string', short: 'o' },
    'total-shards': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (!flags.results) throw new UsageError(`merge: --results is required\n${MERGE_USAGE}`);
  if (!flags.out) throw new UsageError(`merge: --out is required\n${MERGE_USAGE}`);
  const expectedTotal = flags['total-shards'] ? positiveInt(flags['total-shards'], '--total-shards') : undefined;
  const outPath = path.resolve(ctx.cwd, flags.out);
  await checkOutputs(
    [{ role: '--out', path: outPath }],
    flags.results.map((r) => ({ role: '--results', path: path.resolve(ctx.cwd, r) })),
  );
  const inputs = await readShardInputs(flags.results, ctx.cwd);
  let outcome;
  try {
    outcome = mergeShards(inputs, expectedTotal !== undefined ? { expectedTotal } : {});
  } catch (err) {
    if (err instanceof ShardMergeError) throw new UsageError(err.message);
    throw err;
  }
  await writeResult(outPath, outcome.doc);
  if (!flags.quiet) {
    for (const line of [...describeShards(outcome), ...outcome.warnings.map((w) => `warning: ${w}`)])
      ctx.stderr.write(`${line}\n`);
    const bad = outcome.shards.filter((s) => s.state !== 'ok').length;
    ctx.stderr.write(
      `merged ${outcome.total - bad} of ${outcome.total} shards into ${flags.out}${
        bad > 0 ? ` (${bad} missing or failed: reported as failed configs)` : ''
      }\n`,
    );
  }
  return EXIT.pass;
};
