import path from 'node:path';
import { gateSchema, type GateConfig } from '../config/schema.js';
import { assertDistinctRuns, type SourcedRun } from '../result/distinctRuns.js';
import { readResult } from '../result/readResult.js';
import type { ResultDoc } from '../result/schema.js';
import type { BaselineProvenance } from '../stats/types.js';

/** Reads result files; `others` are files read already for the same command (no run may repeat). */
export async function loadResults(
  files: readonly string[],
  cwd: string,
  others: readonly SourcedRun[] = [],
): Promise<ResultDoc[]> {
  const docs = await Promise.all(files.map((f) => readResult(path.resolve(cwd, f), f)));
  assertDistinctRuns([...others, ...docs.map((doc, i) => ({ source: files[i]!, doc }))]);
  return docs;
}

/** Gate settings recorded in the candidate's result (the config it was run with). */
export function gateFromResult(doc: ResultDoc): GateConfig {
  const parsed = gateSchema.safeParse((doc.config.resolved as { gate?: unknown }).gate ?? {});
  return parsed.success ? parsed.data : gateSchema.parse({});
}

/**
 * Where `--baseline` result files put the baseline: found (with the newest run's commit and time),
 * or none when no file was given (the run is recorded, not compared).
 */
export function fileBaselineProvenance(runs: readonly ResultDoc[]): BaselineProvenance {
  if (runs.length === 0) return { store: 'files', status: 'none', reason: 'no --baseline files given' };
  const newest = [...runs].sort((a, b) => b.run.started_at.localeCompare(a.run.started_at))[0] as ResultDoc;
  return {
    store: 'files',
    status: 'found',
    newest: { ...(newest.run.git?.sha ? { commit: newest.run.git.sha } : {}), createdAt: newest.run.started_at },
  };
}
