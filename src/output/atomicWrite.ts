// Writes output files atomically: a temporary file beside the target, fsync, rename, then fsync of
// the folder. A reader sees the old file or the new one, never half of one; a failed write (a full
// disk) removes its temporary file and leaves the old file in place. (write-file-atomic does the
// same but reads CommonJS's __filename, which the ESM bundle does not have.)
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { trackLeftover } from '../process/leftovers.js';
import { batched } from '../util/jsonChunks.js';
import { outputError } from './writeError.js';

function tempName(file: string): string {
  const abs = path.resolve(file);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes `data` (a string, or pieces of one too long for a single string) to `file` atomically;
 * throws OutputError naming the path and the reason.
 */
export async function writeFileAtomically(file: string, data: string | Iterable<string>): Promise<void> {
  const tmp = tempName(file);
  const untrack = trackLeftover(tmp);
  try {
    await mkdir(path.dirname(tmp), { recursive: true });
    const handle = await open(tmp, 'wx', 0o644);
    try {
      if (typeof data === 'string') await handle.writeFile(data, 'utf8');
      else for (const chunk of batched(data)) await handle.write(chunk, null, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
    await syncFolder(path.dirname(tmp));
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw outputError(file, err);
  } finally {
    untrack();
  }
}

/** The same, synchronously: the last write on the way out of a cancelled run. */
export function writeFileAtomicallySync(file: string, data: string): void {
  const tmp = tempName(file);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      const bytes = Buffer.from(data, 'utf8');
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw outputError(file, err);
  }
}

/** Makes the rename itself durable; some file systems refuse to fsync a folder, which is fine. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
