// The candidate runs: benchmarked here (mode "run"), or merged from the result files of earlier
// (sharded) runs (mode "report"). A shard's run ends here: it is compared once merged.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { mdText } from '../report/escape.js';
import { ResultFileError } from '../result/readResult.js';
import type { ResultDoc } from '../result/schema.js';
import { combineShardedRuns, type CombinedRuns } from '../shards/combineShardedRuns.js';
import { describeShards, ShardMergeError } from '../shards/mergeShards.js';
import { readShardInputs } from '../shards/readShardInputs.js';
import type { ActionDeps, ActionOutcome } from './deps.js';
import { OUTPUTS } from './inputs.js';
import { InputError } from './parseInputs.js';
import type { ActionContext } from './prepare.js';
import { progressLog } from './progressLog.js';
import { checkWritable } from '../output/checkOutputs.js';
import { definedFields } from '../util/definedFields.js';
import { withHeartbeat } from '../protocol/heartbeat.js';

export type Candidates =
  | { readonly docs: readonly ResultDoc[]; readonly notes: readonly string[] }
  /** The step ends without a comparison (a shard done, or unusable result files). */
  | { readonly outcome: ActionOutcome };

/** Result files named directly, or every .json in a named folder (sorted). */
async function resultFiles(workspace: string, entries: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const entry of entries) {
    const abs = path.resolve(workspace, entry);
    let isDir: boolean;
    try {
      isDir = (await stat(abs)).isDirectory();
    } catch {
      throw new InputError('results', `"${entry}" does not exist`);
    }
    if (!isDir) files.push(abs);
    else
      files.push(
        ...(await readdir(abs))
          .filter((n) => n.endsWith('.json'))
          .sort()
          .map((n) => path.join(abs, n)),
      );
  }
  if (files.length === 0) throw new InputError('results', `no result files (.json) found in ${entries.join(', ')}`);
  return files;
}

async function benchmarkHere(
  ctx: ActionContext,
  deps: ActionDeps,
  baselineRuns: readonly ResultDoc[],
): Promise<Candidates> {
  const { inputs, event } = ctx;
  // Found before measuring, not after: an output folder that cannot be written.
  await checkWritable(ctx.resultsPath, 'the results file');
  const log = (line: string) => deps.io.info(line);
  const doc = await deps.pipeline.runBenchmarks(ctx.loaded, {
    progress: withHeartbeat(progressLog(log), { write: log }),
    shard: inputs.shard,
    git: definedFields({ sha: event.pullRequest?.headSha ?? event.mergeGroup?.headSha ?? event.sha, ref: event.ref }),
    baselines: baselineRuns,
    signal: deps.signal,
  });
  await deps.pipeline.writeResult(ctx.resultsPath, doc);
  if (doc.run.cancelled) {
    deps.io.setOutput(OUTPUTS.resultsPath, ctx.resultsPath);
    await deps.io.writeSummary(`## llm-perf-gate\n\n:stop_sign: ${mdText(doc.run.cancelled.message)}.\n`);
    return {
      outcome: { failed: true, message: `${doc.run.cancelled.message}; partial results in ${ctx.resultsPath}` },
    };
  }
  if (!inputs.shard) return { docs: [doc], notes: [] };
  deps.io.setOutput(OUTPUTS.resultsPath, ctx.resultsPath);
  await deps.io.writeSummary(
    `## llm-perf-gate\n\nShard ${inputs.shard.index}/${inputs.shard.total} of \`${mdText(ctx.loaded.path)}\`: ` +
      `${doc.benchmarks.length} benchmark(s) run. Compare the shards with \`mode: report\`.\n`,
  );
  return { outcome: { failed: false } };
}

/** Shards of one run are merged; a missing or failed shard becomes `failed`, never a pass. */
async function mergeEarlierRuns(ctx: ActionContext, deps: ActionDeps): Promise<Candidates> {
  let combined: CombinedRuns;
  try {
    const files = await resultFiles(ctx.workspace, ctx.inputs.results);
    combined = combineShardedRuns(await readShardInputs(files, ctx.workspace));
  } catch (err) {
    if (err instanceof ShardMergeError || err instanceof ResultFileError || err instanceof InputError)
      return { outcome: { failed: true, message: err.message } };
    throw err;
  }
  const notes = combined.merge ? [...describeShards(combined.merge), ...combined.merge.warnings].map(mdText) : [];
  // The merged document is what gets stored and what later steps read.
  const first = combined.runs[0];
  if (first) await deps.pipeline.writeResult(ctx.resultsPath, first);
  return { docs: [...combined.runs], notes };
}

export function collectCandidates(
  ctx: ActionContext,
  deps: ActionDeps,
  baselineRuns: readonly ResultDoc[],
): Promise<Candidates> {
  return ctx.inputs.mode === 'report' ? mergeEarlierRuns(ctx, deps) : benchmarkHere(ctx, deps, baselineRuns);
}
