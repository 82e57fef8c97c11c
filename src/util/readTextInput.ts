// Reads a text input (a config, a result file, a tokenizer) the careful way: never opens a device, a
// FIFO or a socket (reading /dev/zero never ends, a FIFO blocks forever), refuses a file over a size
// cap, and names the encoding when it is not UTF-8 instead of failing later with a parse error.
import { open, stat } from 'node:fs/promises';

export class TextInputError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'TextInputError';
  }
}

const BOMS: readonly { bytes: readonly number[]; name: string }[] = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32 BE' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32 LE' },
  { bytes: [0xfe, 0xff], name: 'UTF-16 BE' },
  { bytes: [0xff, 0xfe], name: 'UTF-16 LE' },
];

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** The text of `buf` as UTF-8 (a UTF-8 byte-order mark is dropped); a reason string if it is not. */
export function decodeUtf8(buf: Uint8Array): string | { reason: string } {
  const bom = BOMS.find((b) => b.bytes.every((x, i) => buf[i] === x));
  if (bom) return { reason: `the file is encoded as ${bom.name}; save it as UTF-8` };
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const nul = buf.indexOf(0, start);
  if (nul >= 0)
    return {
      reason: `byte ${nul} is NUL: the file is UTF-16 or UTF-32 without a byte-order mark, or not text; save it as UTF-8`,
    };
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(start));
  } catch {
    return { reason: 'the file is not valid UTF-8 (another encoding such as Latin-1?); save it as UTF-8' };
  }
}

/** Reads `file` as UTF-8 text; throws TextInputError saying what is wrong with it. */
export async function readTextInput(file: string, maxBytes: number): Promise<string> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : String(err);
    throw new TextInputError(file, why);
  }
  if (info.isDirectory()) throw new TextInputError(file, 'is a folder, not a file');
  if (!info.isFile()) throw new TextInputError(file, 'is not a regular file (a device, FIFO or socket)');
  if (info.size > maxBytes) throw new TextInputError(file, `too large (${mib(info.size)}; at most ${mib(maxBytes)})`);
  const handle = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new TextInputError(file, err.code === 'EACCES' ? 'permission denied' : String(err));
  });
  try {
    // The file may have grown since stat: read at most one byte past the cap to notice.
    const buf = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let got = 0;
    for (let n = -1; n !== 0 && got < buf.length; got += n)
      n = (await handle.read(buf, got, buf.length - got)).bytesRead;
    if (got > maxBytes) throw new TextInputError(file, `too large (over ${mib(maxBytes)})`);
    const text = decodeUtf8(buf.subarray(0, got));
    if (typeof text !== 'string') throw new TextInputError(file, text.reason);
    return text;
  } finally {
    await handle.close();
  }
}
