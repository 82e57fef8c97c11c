import path from 'node:path';
import { gateSchema, type GateConfig } from '../config/schema.js';
import { readResult } from '../result/readResult.js';
import type { ResultDoc } from '../result/schema.js';

export async function loadResults(files: readonly string[], cwd: string): Promise<ResultDoc[]> {
  return Promise.all(files.map((f) => readResult(path.resolve(cwd, f), f)));
}

/** Gate settings recorded in the candidate's result (the config it was run with). */
export function gateFromResult(doc: ResultDoc): GateConfig {
  const parsed = gateSchema.safeParse((doc.config.resolved as { gate?: unknown }).gate ?? {});
  return parsed.success ? parsed.data : gateSchema.parse({});
}
