import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResultDoc } from './schema.js';

/** Writes a result file atomically (temp file + rename), so a crash never leaves half a file. */
export async function writeResult(file: string, doc: ResultDoc): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`);
  await rename(tmp, file);
}
