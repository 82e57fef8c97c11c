// Checks the base commit out into a throwaway git worktree in a temp folder, runs `use` with it, and
// always removes it again (also when `use` throws), so a failed job leaves no worktree registered.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitError, type GitRunner } from './gitRunner.js';

export interface ResolvedCommits {
  readonly repoRoot: string;
  readonly baseSha: string;
  readonly headSha: string;
}

/** The repository root of `cwd` and the commits of `baseRef` and HEAD. */
export async function resolveCommits(git: GitRunner, cwd: string, baseRef: string): Promise<ResolvedCommits> {
  const repoRoot = (await git.run(['rev-parse', '--show-toplevel'], cwd)).trim();
  const headSha = (await git.run(['rev-parse', '--verify', 'HEAD^{commit}'], repoRoot)).trim();
  let baseSha: string;
  try {
    baseSha = (await git.run(['rev-parse', '--verify', '--end-of-options', `${baseRef}^{commit}`], repoRoot)).trim();
  } catch (err) {
    // The usual cause on CI: actions/checkout fetched one commit only.
    throw new GitError(
      `base ref "${baseRef}" is not a commit in this clone (on GitHub Actions use actions/checkout with fetch-depth: 0, or git fetch the base first)`,
      err instanceof GitError ? err.stderr : String(err),
    );
  }
  return { repoRoot, baseSha, headSha };
}

export async function withBaseWorktree<T>(
  git: GitRunner,
  repoRoot: string,
  sha: string,
  use: (tree: string) => Promise<T>,
  tempRoot: string = os.tmpdir(),
): Promise<T> {
  const holder = await mkdtemp(path.join(tempRoot, 'llm-perf-gate-base-'));
  const tree = path.join(holder, 'tree');
  try {
    await git.run(['worktree', 'add', '--detach', '--force', tree, sha], repoRoot);
    return await use(tree);
  } finally {
    await git.run(['worktree', 'remove', '--force', tree], repoRoot).catch(() => undefined);
    await rm(holder, { recursive: true, force: true });
    // Drops the registration even if `worktree remove` failed half way.
    await git.run(['worktree', 'prune'], repoRoot).catch(() => undefined);
  }
}
