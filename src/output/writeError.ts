// An output file that could not be written: always names the path and says why in words, so the
// user can fix it (exit 2), never a stack trace after the benchmark ran.

export class OutputError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(`cannot write ${file}: ${reason}`);
    this.name = 'OutputError';
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a folder on its path is a file',
  // mkdir -p of a folder whose name a file already has.
  EEXIST: 'a folder on its path is a file',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EIO: 'an I/O error from the device',
};

/** The OutputError for a failed file-system call on `file`. */
export function outputError(file: string, err: unknown): OutputError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && REASONS[code]) ?? (err instanceof Error ? err.message : String(err));
  return new OutputError(file, code && REASONS[code] ? `${reason} (${code})` : reason, code);
}
