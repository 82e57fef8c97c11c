// Checks every output path before any benchmark starts: its folder exists or can be made, a file can
// be created there, the target is not a folder, and it is none of the inputs (the config, a
// baseline, another output). Finding a read-only folder after an hour of measuring loses the hour.
import { randomUUID } from 'node:crypto';
import { constants, realpathSync } from 'node:fs';
import { access, mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { OutputError, outputError } from './writeError.js';

export interface NamedPath {
  /** How the user named it: the flag or input, e.g. "--out". */
  readonly role: string;
  readonly path: string;
}

/** The path with symlinks resolved as far as it exists, so two spellings of one file compare equal. */
function canonical(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(canonical(parent), path.basename(abs));
  }
}

/** Throws OutputError for the first output that clashes with an input or another output. */
export function checkDistinct(outputs: readonly NamedPath[], inputs: readonly NamedPath[]): void {
  const seen = new Map<string, NamedPath>();
  for (const input of inputs) seen.set(canonical(input.path), input);
  for (const out of outputs) {
    const key = canonical(out.path);
    const clash = seen.get(key);
    if (clash) {
      const what = inputs.includes(clash) ? 'it is also an input' : 'it is also an output';
      throw new OutputError(out.path, `${out.role} ${what} (${clash.role} ${clash.path}); choose another path`);
    }
    seen.set(key, out);
  }
}

/** Throws OutputError unless a file can be written at `file` (its folder is created if missing). */
export async function checkWritable(file: string, role: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) throw new OutputError(file, `${role} is a folder, not a file`);
  try {
    await mkdir(dir, { recursive: true });
    // A probe file in the same folder: the atomic write creates its temporary file there too.
    const probe = path.join(dir, `.llm-perf-gate-probe-${randomUUID()}`);
    const handle = await open(probe, 'wx');
    await handle.close();
    await rm(probe, { force: true });
    if (existing) await access(file, constants.W_OK);
  } catch (err) {
    throw outputError(file, err);
  }
}

/** Both checks, for every output. */
export async function checkOutputs(outputs: readonly NamedPath[], inputs: readonly NamedPath[]): Promise<void> {
  checkDistinct(outputs, inputs);
  for (const out of outputs) await checkWritable(out.path, out.role);
}
