// The commit a run measures, for its result file.
import { runChild } from '../process/index.js';

async function git(args: string[], cwd: string): Promise<string | undefined> {
  const exit = await runChild({ command: 'git', args, cwd, timeoutMs: 5000 });
  return exit.reason === 'exit' && exit.code === 0 ? exit.stdoutTail.trim() : undefined;
}

/** The commit being measured: from the runner's environment, else from git in `cwd`, else nothing. */
export async function gitInfo(
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ sha?: string; ref?: string } | undefined> {
  if (env.GITHUB_SHA) return { sha: env.GITHUB_SHA, ...(env.GITHUB_REF ? { ref: env.GITHUB_REF } : {}) };
  const sha = await git(['rev-parse', 'HEAD'], cwd);
  if (sha === undefined) return undefined;
  const ref = await git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd);
  return { sha, ...(ref !== undefined ? { ref } : {}) };
}
