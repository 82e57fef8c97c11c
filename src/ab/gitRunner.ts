// The git commands A/B mode needs, behind a small interface so tests can use a real temp repository
// (or a fake) and the action can pass its own runner.
import { runChild } from '../process/index.js';

/** Output kept from one git command: ample for the plumbing commands A/B mode runs. */
const MAX_GIT_OUTPUT = 16 * 1024 * 1024;

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
      const timeoutMs = options.timeoutMs ?? 120_000;
      const exit = await runChild({ command: 'git', args, cwd, timeoutMs, tailBytes: MAX_GIT_OUTPUT });
      if (exit.reason === 'exit' && exit.code === 0) {
        if (exit.omitted.stdout > 0)
          throw new GitError(`git ${args.join(' ')}: output over ${MAX_GIT_OUTPUT} bytes`, '');
        return exit.stdoutTail;
      }
      const stderr = exit.stderrTail.trim();
      const why =
        exit.reason === 'spawn-error'
          ? `could not start git: ${exit.error?.message ?? ''}`
          : exit.reason === 'timeout'
            ? `no answer within ${timeoutMs} ms`
            : stderr || `exit code ${String(exit.code)}`;
      throw new GitError(`git ${args.join(' ')} failed: ${why}`, stderr);
    },
  };
}
