// A small tmpfs for disk-full and read-only tests, where this machine allows mounting (root with
// CAP_SYS_ADMIN, e.g. a container run as root). Returns undefined elsewhere; the tests then inject
// the fault another way or skip, and say so.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Mounted {
  readonly dir: string;
  unmount(): void;
}

/** Mounts a tmpfs of `sizeKb` at `dir` (created), read-only if asked; undefined if not permitted. */
export function mountTmpfs(dir: string, opts: { sizeKb: number; readOnly?: boolean }): Mounted | undefined {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${opts.sizeKb}k${opts.readOnly ? ',ro' : ''}`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills a mounted tmpfs so that no data block is left (files can still be created, not written). */
export function fill(mounted: Mounted): void {
  const filler = path.join(mounted.dir, '.filler');
  const chunk = Buffer.alloc(4096, 1);
  for (let i = 0; ; i++) {
    try {
      writeFileSync(filler, chunk, { flag: 'a' });
    } catch {
      return;
    }
    if (i > 1_000_000) throw new Error('the tmpfs never filled up');
  }
}
