// The git commands A/B mode needs, behind a small interface so tests can use a real temp repository
// (or a fake) and the action can pass its own runner.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export interface GitRunner {
  /** Runs `git ...args` in `cwd`; resolves to stdout, rejects with git's stderr in the message. */
  run(args: readonly string[], cwd: string): Promise<string>;
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/** The real `git` on PATH. */
export function execGit(options: { readonly timeoutMs?: number } = {}): GitRunner {
  return {
    async run(args, cwd) {
      try {
        const { stdout } = await execFileP('git', [...args], {
          cwd,
          timeout: options.timeoutMs ?? 120_000,
          maxBuffer: 16 * 1024 * 1024,
        });
        return stdout;
      } catch (err) {
        const e = err as { stderr?: string; message: string };
        const stderr = (e.stderr ?? '').trim();
        throw new GitError(`git ${args.join(' ')} failed: ${stderr || e.message}`, stderr);
      }
    },
  };
}
