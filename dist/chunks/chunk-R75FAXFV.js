import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  EXIT,
  UsageError,
  parseArgs
} from "./chunk-ZOUG6ZSL.js";
import {
  ShardMergeError,
  combineShardedRuns,
  describeShards,
  mergeShards,
  readShardInputs,
  writeResult
} from "./chunk-6DDORJZV.js";

// src/cli/mergeCommand.ts
import path from "node:path";
var MERGE_USAGE = `usage: llm-perf-gate merge --results shard-1.json shard-2.json ... | DIR --out merged.json
         [--total-shards N] [--quiet]
  Merges the result files of one run split with --shard I/N. A folder stands for every .json file
  under it. A shard without a file, or whose file is a shard-failure placeholder, is reported and
  its configs enter the merged file as failed (they fail the gate under fail_on: regression-or-failed).`;
function positiveInt(value, flag) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`merge: ${flag} expects a positive integer, got "${value}"`);
  return n;
}
async function loadRunsMergingShards(files, cwd, log, expectedTotal) {
  const inputs = await readShardInputs(files, cwd);
  try {
    const combined = combineShardedRuns(inputs, expectedTotal !== void 0 ? { expectedTotal } : {});
    if (combined.merge && log) {
      for (const line of [...describeShards(combined.merge), ...combined.merge.warnings]) log.write(`${line}
`);
    }
    return combined;
  } catch (err) {
    if (err instanceof ShardMergeError) throw new UsageError(err.message);
    throw err;
  }
}
var mergeCommand = async (args, ctx) => {
  const flags = parseArgs("merge", args, {
    results: { type: "list" },
    out: { type: "string", short: "o" },
    "total-shards": { type: "string" },
    quiet: { type: "boolean", short: "q" }
  });
  if (!flags.results) throw new UsageError(`merge: --results is required
${MERGE_USAGE}`);
  if (!flags.out) throw new UsageError(`merge: --out is required
${MERGE_USAGE}`);
  const expectedTotal = flags["total-shards"] ? positiveInt(flags["total-shards"], "--total-shards") : void 0;
  const inputs = await readShardInputs(flags.results, ctx.cwd);
  let outcome;
  try {
    outcome = mergeShards(inputs, expectedTotal !== void 0 ? { expectedTotal } : {});
  } catch (err) {
    if (err instanceof ShardMergeError) throw new UsageError(err.message);
    throw err;
  }
  await writeResult(path.resolve(ctx.cwd, flags.out), outcome.doc);
  if (!flags.quiet) {
    for (const line of [...describeShards(outcome), ...outcome.warnings.map((w) => `warning: ${w}`)])
      ctx.stderr.write(`${line}
`);
    const bad = outcome.shards.filter((s) => s.state !== "ok").length;
    ctx.stderr.write(
      `merged ${outcome.total - bad} of ${outcome.total} shards into ${flags.out}${bad > 0 ? ` (${bad} missing or failed: reported as failed configs)` : ""}
`
    );
  }
  return EXIT.pass;
};

export {
  MERGE_USAGE,
  loadRunsMergingShards,
  mergeCommand
};
