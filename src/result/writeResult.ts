import { writeFileAtomically, writeFileAtomicallySync } from '../output/atomicWrite.js';
import type { ResultDoc } from './schema.js';

function serialize(doc: ResultDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Writes a result file atomically, so a crash or a full disk never leaves half a file. */
export async function writeResult(file: string, doc: ResultDoc): Promise<void> {
  await writeFileAtomically(file, serialize(doc));
}

/** The same, synchronously (a forced exit after a cancellation). */
export function writeResultSync(file: string, doc: ResultDoc): void {
  writeFileAtomicallySync(file, serialize(doc));
}
