// The action as a runner downloads it: a `git archive` of the repository (here of the working
// tree's tracked and new files, through a temporary index, so uncommitted work is what is tested),
// with dist/ replaced by a bundle of the current source. No node_modules: the action installs its
// own runtime dependency. The runner re-downloads the action for every job, so each job gets a
// fresh copy in the same folder (the dependency cache key and paths stay the same across jobs).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, freshDist } from '../freshDist.js';

/** A tar of the working tree as `git archive` writes it (what GitHub serves for a ref). */
export function archiveWorkingTree(outFile: string): void {
  const index = path.join(mkdtempSync(path.join(os.tmpdir(), 'lpg-index-')), 'index');
  const git = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync('git', args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
  try {
    git(['read-tree', 'HEAD'], { GIT_INDEX_FILE: index });
    git(['add', '-A', '.'], { GIT_INDEX_FILE: index });
    const tree = git(['write-tree'], { GIT_INDEX_FILE: index });
    git(['archive', '--format=tar', '-o', outFile, tree]);
  } finally {
    rmSync(path.dirname(index), { recursive: true, force: true });
  }
}

export class ActionDownload {
  private readonly tar: string;

  constructor(readonly actionPath: string) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lpg-archive-'));
    this.tar = path.join(dir, 'action.tar');
    archiveWorkingTree(this.tar);
  }

  /** Lays the action out afresh, as the runner does at the start of a job. */
  download(): string {
    rmSync(this.actionPath, { recursive: true, force: true });
    mkdirSync(this.actionPath, { recursive: true });
    execFileSync('tar', ['-xf', this.tar, '-C', this.actionPath]);
    const dist = path.join(this.actionPath, 'dist');
    rmSync(dist, { recursive: true, force: true });
    mkdirSync(dist);
    const fresh = freshDist();
    for (const name of readdirSync(fresh)) cpSync(path.join(fresh, name), path.join(dist, name));
    return this.actionPath;
  }

  dispose(): void {
    rmSync(path.dirname(this.tar), { recursive: true, force: true });
    rmSync(this.actionPath, { recursive: true, force: true });
  }
}
