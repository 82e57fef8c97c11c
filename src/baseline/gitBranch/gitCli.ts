// The real git CLI in one folder, through the shared process executor (src/process). Authentication goes through the
// environment (GIT_CONFIG_* → http.<server>.extraheader, as actions/checkout does), so the token is
// never on a command line or in a config file; prompts are off so a bad token fails instead of waiting.
import { runChild, scrubbedEnv } from '../../process/index.js';

export const GIT_TIMEOUT_MS = 120_000;
/** Longest line read from git: the largest file the store reads whole (GitHub refuses files over 100 MB). */
const MAX_FILE_CHARS = 128 * 1024 * 1024;

/** The identity of data-branch commits: GitHub's own Actions bot, as most workflow commits use. */
export const DATA_COMMITTER = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
} as const;

export class GitCommandError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitCommandError';
  }
}

export interface GitCli {
  /** Runs `git args...`; resolves to stdout, rejects with a GitCommandError that quotes git's stderr. */
  run(args: readonly string[], extraEnv?: NodeJS.ProcessEnv): Promise<string>;
}

/** The basic credential GitHub accepts for an installation or personal token over HTTPS. */
export function basicCredential(token: string): string {
  return Buffer.from(`x-access-token:${token}`).toString('base64');
}

/** Environment for git against `remote`: the token as an HTTP header for that server only, no prompts. */
export function gitEnv(remote: string, token: string | undefined, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = scrubbedEnv(base);
  // Variables a surrounding git (a hook, a test runner inside a repo) may have set would redirect us.
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_CONFIG_COUNT'])
    delete env[k];
  Object.assign(env, {
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    GIT_AUTHOR_NAME: DATA_COMMITTER.name,
    GIT_AUTHOR_EMAIL: DATA_COMMITTER.email,
    GIT_COMMITTER_NAME: DATA_COMMITTER.name,
    GIT_COMMITTER_EMAIL: DATA_COMMITTER.email,
  });
  if (token && /^https?:\/\//.test(remote))
    Object.assign(env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `http.${new URL(remote).origin}/.extraheader`,
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basicCredential(token)}`,
    });
  return env;
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => (s ? t.split(s).join('***') : t), text);
}

export function gitCli(dir: string, env: NodeJS.ProcessEnv, secrets: readonly string[] = []): GitCli {
  return {
    async run(args, extraEnv) {
      const lines: string[] = [];
      const exit = await runChild({
        command: 'git',
        args,
        cwd: dir,
        env: extraEnv ? { ...env, ...extraEnv } : env,
        timeoutMs: GIT_TIMEOUT_MS,
        onStdoutLine: (l) => lines.push(l),
        // File contents come through stdout: a raw result file is one (long) line of JSON.
        maxLineChars: MAX_FILE_CHARS,
      });
      if (exit.reason === 'exit' && exit.code === 0) return lines.join('\n');
      const stderr = redact(exit.stderrTail.trim(), secrets);
      const why =
        exit.reason === 'timeout'
          ? `timed out after ${GIT_TIMEOUT_MS / 1000} s`
          : exit.reason === 'spawn-error'
            ? `could not start git (${exit.error?.message ?? stderr})`
            : `exit ${exit.code ?? exit.signal}: ${stderr}`;
      throw new GitCommandError(`git ${args.slice(0, 3).join(' ')} failed: ${why}`, stderr);
    },
  };
}
