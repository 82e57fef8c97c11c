// Reads every result file in a folder. A corrupt file is reported and skipped, never fatal.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readResult } from '../result/readResult.js';
import type { ResultDoc } from '../result/schema.js';

export async function readRunsDir(dir: string): Promise<{ runs: ResultDoc[]; problems: string[] }> {
  const runs: ResultDoc[] = [];
  const problems: string[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return { runs, problems };
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      runs.push(await readResult(file, name));
    } catch (err) {
      problems.push(`baseline run ${name} is unreadable and was ignored: ${(err as Error).message}`);
    }
  }
  return { runs, problems };
}
