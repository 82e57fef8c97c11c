// Baselines and their history on a git branch of the repository itself (default `perf-data`),
// through the real git CLI. Loads read only the newest K raw runs of one series; saves replay their
// change on the newest tip until the push is a fast-forward (another job may push between our fetch
// and our push), never force. Unlike the Actions cache nothing expires: the baseline of a
// repository benchmarked once a month is still there, and every saved commit stays in the history.
import { parseResult } from '../../result/readResult.js';
import type { ResultDoc } from '../../result/schema.js';
import type { BaselineLoad, BaselineQuery, BaselineSave, BaselineStore, SaveContext } from '../store.js';
import { newestRuns } from '../window.js';
import { DataBranch, DataBranchUnavailable, type DataBranchOptions } from './dataBranch.js';
import {
  branchRunsDir,
  DEFAULT_DATA_BRANCH,
  historyDir,
  runsDir,
  seriesOfPath,
  shardIndex,
  SHARD_LIMITS,
  STORE_META_FILE,
  STORE_README_FILE,
  type SeriesKey,
  type ShardLimits,
} from './layout.js';
import { planSave, type SeriesState, type StoredRun } from './planSave.js';
import { parseShard } from './shards.js';

export interface GitBranchStoreOptions {
  /** The repository holding the data branch (https URL of this repository in the action). */
  readonly remote: string;
  readonly dataBranch?: string;
  readonly token?: string;
  /** The measured repository's web URL, for commit links on the dashboard. */
  readonly repository?: string;
  readonly limits?: ShardLimits;
  /** Push attempts before giving up (each after fetching the new tip). */
  readonly maxAttempts?: number;
  /** Wait before attempt `n` (n ≥ 2); jittered so racing jobs spread out. */
  readonly backoffMs?: (attempt: number) => number;
  readonly tempRoot?: string;
  readonly env?: NodeJS.ProcessEnv;
}

const defaultBackoff = (attempt: number) => Math.min(8000, 250 * 2 ** (attempt - 2)) * (0.5 + Math.random());

export class GitBranchStore implements BaselineStore {
  readonly kind = 'git-branch';
  readonly dataBranch: string;

  constructor(private readonly options: GitBranchStoreOptions) {
    this.dataBranch = options.dataBranch ?? DEFAULT_DATA_BRANCH;
  }

  private open(): Promise<DataBranch> {
    const o: DataBranchOptions = {
      remote: this.options.remote,
      branch: this.dataBranch,
      ...(this.options.token ? { token: this.options.token } : {}),
      ...(this.options.tempRoot ? { tempRoot: this.options.tempRoot } : {}),
      ...(this.options.env ? { env: this.options.env } : {}),
    };
    return DataBranch.open(o);
  }

  private async readRuns(db: DataBranch, files: ReadonlyMap<string, string>): Promise<StoredRun[]> {
    const texts = await db.read(files);
    return [...texts].map(([p, text]) => {
      try {
        return { path: p, doc: parseResult(text, p) };
      } catch {
        return { path: p };
      }
    });
  }

  async load(query: BaselineQuery): Promise<BaselineLoad> {
    let db: DataBranch;
    try {
      db = await this.open();
    } catch (err) {
      if (!(err instanceof DataBranchUnavailable)) throw err;
      return { runs: [], problems: [], note: err.message, unavailable: true };
    }
    try {
      if (!db.tip)
        return {
          runs: [],
          problems: [],
          note: `branch "${this.dataBranch}" does not exist yet (no push has saved a run)`,
        };
      const files = await db.list(branchRunsDir(query.configHash, query.branch));
      const env = pickEnvironment(files, query.environmentHash);
      if (env === undefined)
        return {
          runs: [],
          problems: [],
          note: `no runs of this config on "${query.branch}" in branch "${this.dataBranch}" yet`,
        };
      const dir = runsDir({ configHash: query.configHash, branch: query.branch, environmentHash: env });
      const mine = new Map([...files].filter(([p]) => p.startsWith(`${dir}/`)));
      const stored = await this.readRuns(db, mine);
      const problems = stored.filter((r) => !r.doc).map((r) => `baseline run ${r.path} is unreadable and was ignored`);
      const runs = newestRuns(
        stored.flatMap((r) => (r.doc ? [r.doc] : [])),
        query.keep,
      );
      return { runs, problems, source: `git branch ${this.dataBranch} (${dir}, ${db.tip.slice(0, 7)})` };
    } catch (err) {
      if (!(err instanceof DataBranchUnavailable)) throw err;
      return { runs: [], problems: [], note: err.message, unavailable: true };
    } finally {
      await db.close();
    }
  }

  private async seriesState(db: DataBranch, key: SeriesKey): Promise<SeriesState> {
    const runFiles = await db.list(runsDir(key));
    const shards = [...(await db.list(historyDir(key)))].flatMap(([p, oid]) => {
      const i = shardIndex(p.slice(p.lastIndexOf('/') + 1));
      return i === undefined ? [] : [{ p, oid, i }];
    });
    const newest = shards.sort((a, b) => b.i - a.i)[0];
    const top = await db.list(STORE_META_FILE);
    const readme = await db.list(STORE_README_FILE);
    const text = newest ? (await db.read(new Map([[newest.p, newest.oid]]))).get(newest.p) : undefined;
    let shard: Pick<SeriesState, 'newestShard' | 'unreadableShard'> = {};
    if (newest && text !== undefined)
      try {
        shard = { newestShard: { index: newest.i, shard: parseShard(text, newest.p) } };
      } catch (err) {
        shard = { unreadableShard: { index: newest.i, path: newest.p, problem: (err as Error).message } };
      }
    return {
      runs: await this.readRuns(db, runFiles),
      ...shard,
      hasMeta: top.size > 0,
      hasReadme: readme.size > 0,
    };
  }

  async save(query: BaselineQuery, runs: readonly ResultDoc[], context: SaveContext = {}): Promise<BaselineSave> {
    const environmentHash = runs[0]?.environment.hash;
    if (environmentHash === undefined) return { saved: false, kept: 0, note: 'nothing to save' };
    const key: SeriesKey = { configHash: query.configHash, branch: query.branch, environmentHash };
    const maxAttempts = this.options.maxAttempts ?? 10;
    let db: DataBranch;
    try {
      db = await this.open();
    } catch (err) {
      if (err instanceof DataBranchUnavailable) return { saved: false, kept: 0, note: err.message };
      throw err;
    }
    try {
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        if (attempt > 1) await sleep((this.options.backoffMs ?? defaultBackoff)(attempt));
        const plan = planSave(key, await this.seriesState(db, key), runs, {
          keep: query.keep,
          limits: this.options.limits ?? SHARD_LIMITS,
          ...(context.accepted ? { accepted: true } : {}),
          ...(this.options.repository ? { repository: this.options.repository } : {}),
        });
        const sha = plan.record.commit?.slice(0, 7) ?? runs[0]!.run.id;
        const message = `llm-perf-gate: ${query.branch} ${sha} (${runs[0]!.config.path}, ${plan.kept} run(s) kept)`;
        const commit = await db.commit(plan.changes, message);
        if ((await db.push(commit)) === 'pushed')
          return {
            saved: true,
            kept: plan.kept,
            target: `${this.dataBranch}:${runsDir(key)}`,
            note: `${plan.changes.writes.size} file(s) written (${plan.bytesWritten} bytes), ${plan.changes.removes.length} compacted away, attempt ${attempt}`,
          };
      }
      return {
        saved: false,
        kept: 0,
        note: `branch "${this.dataBranch}" kept moving: ${maxAttempts} pushes were rejected`,
      };
    } catch (err) {
      if (err instanceof DataBranchUnavailable) return { saved: false, kept: 0, note: err.message };
      throw err;
    } finally {
      await db.close();
    }
  }
}

/** The environment whose runs to use: the candidate's when stored, else the one with the newest run. */
function pickEnvironment(files: ReadonlyMap<string, string>, preferred: string | undefined): string | undefined {
  let newest: { env: string; name: string } | undefined;
  const envs = new Set<string>();
  for (const p of files.keys()) {
    const s = seriesOfPath(p);
    if (!s || s.kind !== 'runs') continue;
    envs.add(s.key.environmentHash);
    if (!newest || s.file > newest.name) newest = { env: s.key.environmentHash, name: s.file };
  }
  if (preferred !== undefined && envs.has(preferred)) return preferred;
  return newest?.env;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
