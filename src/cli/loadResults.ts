import path from 'node:path';
import { gateSchema, type GateConfig } from '../config/schema.js';
import { assertDistinctRuns, type SourcedRun } from '../result/distinctRuns.js';
import { readResult } from '../result/readResult.js';
import type { ResultDoc } from '../result/schema.js';

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
