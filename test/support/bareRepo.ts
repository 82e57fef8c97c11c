// A local bare repository standing in for GitHub behind the git-branch store: the real git CLI over
// file://, configured like GitHub (partial clone filters and blob wants allowed) and refusing
// non-fast-forward pushes, so a store that force-pushed would fail here.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export interface BareRepo {
  readonly dir: string;
  readonly url: string;
  git(...args: string[]): Promise<string>;
  remove(): Promise<void>;
}

export async function createBareRepo(options: { githubLike?: boolean } = {}): Promise<BareRepo> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'lpg-bare-'));
  const dir = path.join(root, 'repo.git');
  const git = async (...args: string[]) =>
    (await execFileP('git', ['--git-dir', dir, ...args], { maxBuffer: 256 * 1024 * 1024 })).stdout;
  await execFileP('git', ['init', '--quiet', '--bare', dir]);
  await git('config', 'receive.denyNonFastForwards', 'true');
  await git('config', 'receive.denyDeletes', 'true');
  if (options.githubLike ?? true) {
    await git('config', 'uploadpack.allowFilter', 'true');
    await git('config', 'uploadpack.allowAnySHA1InWant', 'true');
  }
  return { dir, url: `file://${dir}`, git, remove: () => rm(root, { recursive: true, force: true }) };
}
