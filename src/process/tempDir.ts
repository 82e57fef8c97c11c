// A private temporary folder (an engine round's request and output files), always removed: by the
// `finally` here, or on a forced exit by the leftovers registry.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { trackLeftover } from './leftovers.js';

/** Prefix of every temporary folder this program creates (tests look for leftovers by it). */
export const TEMP_PREFIX = 'llm-perf-gate-';

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX));
  const untrack = trackLeftover(dir);
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    untrack();
  }
}
