import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The commit being measured: from the runner's environment, else from git in `cwd`, else nothing. */
export async function gitInfo(
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ sha?: string; ref?: string } | undefined> {
  if (env.GITHUB_SHA) return { sha: env.GITHUB_SHA, ...(env.GITHUB_REF ? { ref: env.GITHUB_REF } : {}) };
  try {
    const { stdout } = await run('git', ['rev-parse', 'HEAD'], { cwd, timeout: 5000 });
    const ref = await run('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd, timeout: 5000 }).catch(() => undefined);
    return { sha: stdout.trim(), ...(ref ? { ref: ref.stdout.trim() } : {}) };
  } catch {
    return undefined;
  }
}
