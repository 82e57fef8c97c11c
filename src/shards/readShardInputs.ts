// Reads shard result files and shard-failure placeholders. A folder argument stands for every .json
// file under it (what actions/download-artifact leaves, with or without merge-multiple).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { assertDistinctRuns } from '../result/distinctRuns.js';
import { MAX_RESULT_BYTES, parseResult, ResultFileError } from '../result/readResult.js';
import { readTextInput, TextInputError } from '../util/readTextInput.js';
import { issueLines } from '../util/zodIssues.js';
import type { ShardInput } from './mergeShards.js';
import { isShardFailure, shardFailureSchema } from './shardFailure.js';

/** Parses one file's text as a shard result or a shard-failure placeholder. */
export function parseShardInput(text: string, source: string): ShardInput {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { source, doc: parseResult(text, source) }; // parseResult words the JSON error
  }
  if (!isShardFailure(data)) return { source, doc: parseResult(text, source) };
  const parsed = shardFailureSchema.safeParse(data);
  if (!parsed.success) throw new ResultFileError(source, issueLines(parsed.error.issues));
  return { source, failure: parsed.data };
}

async function jsonFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Reads every given file (folders expand to their .json files); names in messages are as given. */
export async function readShardInputs(files: readonly string[], cwd: string): Promise<ShardInput[]> {
  const expanded: { abs: string; display: string }[] = [];
  for (const f of files) {
    const abs = path.resolve(cwd, f);
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw new ResultFileError(f, ['file not found']);
    if (info.isDirectory()) {
      const found = await jsonFilesUnder(abs);
      if (found.length === 0) throw new ResultFileError(f, ['folder holds no .json files']);
      for (const x of found) expanded.push({ abs: x, display: path.join(f, path.relative(abs, x)) });
    } else expanded.push({ abs, display: f });
  }
  // One at a time: each file's text is dropped before the next is read (large files, bounded peak).
  const inputs: ShardInput[] = [];
  for (const { abs, display } of expanded) inputs.push(parseShardInput(await readText(abs, display), display));
  assertDistinctRuns(inputs);
  return inputs;
}

async function readText(file: string, display: string): Promise<string> {
  try {
    return await readTextInput(file, MAX_RESULT_BYTES);
  } catch (err) {
    if (err instanceof TextInputError) throw new ResultFileError(display, [err.reason]);
    throw err;
  }
}
