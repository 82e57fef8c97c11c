// Baseline runs in a file (one result document) or a folder of result files, e.g. committed to the
// repository or restored by another step. Saving is only possible into a folder.
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { readResult } from '../result/readResult.js';
import type { ResultDoc } from '../result/schema.js';
import { writeResult } from '../result/writeResult.js';
import { readRunsDir } from './readRunsDir.js';
import type { BaselineLoad, BaselineQuery, BaselineSave, BaselineStore } from './store.js';
import { newestRuns } from './window.js';

export class FileStore implements BaselineStore {
  readonly kind = 'file';

  constructor(private readonly target: string) {}

  private async isDir(): Promise<boolean | undefined> {
    try {
      return (await stat(this.target)).isDirectory();
    } catch {
      return undefined;
    }
  }

  async load(query: BaselineQuery): Promise<BaselineLoad> {
    const dir = await this.isDir();
    if (dir === undefined) return { runs: [], problems: [], note: `baseline file ${this.target} does not exist` };
    if (dir) {
      const { runs, problems } = await readRunsDir(this.target);
      return { runs: newestRuns(runs, query.keep), source: this.target, problems };
    }
    try {
      return {
        runs: [await readResult(this.target)],
        source: this.target,
        problems: [],
      };
    } catch (err) {
      return { runs: [], problems: [`baseline file ignored: ${(err as Error).message}`], source: this.target };
    }
  }

  async save(query: BaselineQuery, runs: readonly ResultDoc[]): Promise<BaselineSave> {
    if ((await this.isDir()) === false)
      return { saved: false, kept: 0, note: `${this.target} is a file; only a baseline folder can be written` };
    await mkdir(this.target, { recursive: true });
    for (const run of runs) {
      const stamp = run.run.started_at.replace(/[:.]/g, '-');
      const id = run.run.id.replace(/[^A-Za-z0-9_-]/g, '_');
      await writeResult(path.join(this.target, `${stamp}-${id}.json`), run);
    }
    const stored = await readRunsDir(this.target);
    const keep = new Set(newestRuns(stored.runs, query.keep).map((r) => r.run.id));
    // Prune by content, not by name, so files written by hand are treated like any other run.
    for (const name of (await readdir(this.target)).filter((n) => n.endsWith('.json'))) {
      const file = path.join(this.target, name);
      try {
        const doc = await readResult(file, name);
        if (!keep.has(doc.run.id)) await rm(file);
      } catch {
        // Corrupt files are left for a person to look at; loading reports them.
      }
    }
    return { saved: true, kept: keep.size, target: this.target };
  }
}
