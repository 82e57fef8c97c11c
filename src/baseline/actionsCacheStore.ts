// Baseline windows in the GitHub Actions cache (through the unmodified @actions/cache). Each save
// restores the newest window of its config + environment + branch, adds the run, keeps the newest
// K and writes a new entry; a load restores the newest entry by key prefix, preferring the
// candidate's environment fingerprint. The library never throws for service failures (it warns and
// reports a miss), so a cache outage means "no baseline", never a crashed job; the warning is watched
// so the report can say the service failed rather than that nothing was stored.
import * as cache from '@actions/cache';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeResult } from '../result/writeResult.js';
import type { ResultDoc } from '../result/schema.js';
import { withRestoreFailures } from './cacheFailures.js';
import { branchPrefix, entryKey, environmentPrefix } from './cacheKey.js';
import { readRunsDir } from './readRunsDir.js';
import type { BaselineLoad, BaselineQuery, BaselineSave, BaselineStore } from './store.js';
import { newestRuns } from './window.js';

/** The part of @actions/cache this store uses (tests may hand in a wrapper). */
export interface CacheApi {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

/**
 * The cache "version" hashes the path strings, so the folder is given relative to the workspace:
 * the same string on every runner, wherever its work folder lives.
 */
export const CACHE_DIR = '.llm-perf-gate-baseline';

export interface ActionsCacheStoreOptions {
  /** GITHUB_WORKSPACE (the cache library resolves the relative folder against it). */
  readonly workspace: string;
  readonly runId: string;
  readonly runAttempt: string;
  readonly cacheApi?: CacheApi;
  readonly now?: () => Date;
}

export class ActionsCacheStore implements BaselineStore {
  readonly kind = 'actions-cache';
  private readonly api: CacheApi;
  private readonly dir: string;

  constructor(private readonly options: ActionsCacheStoreOptions) {
    this.api = options.cacheApi ?? cache;
    this.dir = path.join(options.workspace, CACHE_DIR);
  }

  private async restore(
    keys: string[],
  ): Promise<{ key?: string; runs: ResultDoc[]; problems: string[]; failure?: string | undefined }> {
    await rm(this.dir, { recursive: true, force: true });
    const [primary, ...rest] = keys;
    if (primary === undefined) return { runs: [], problems: [] };
    // No entry is ever named exactly like a prefix: every key is matched by prefix, in order.
    const { value: key, failures } = await withRestoreFailures(() =>
      this.api.restoreCache([CACHE_DIR], primary, [primary, ...rest]),
    );
    if (key === undefined) return { runs: [], problems: [], failure: failures[0] };
    const { runs, problems } = await readRunsDir(this.dir);
    await rm(this.dir, { recursive: true, force: true });
    return { key, runs, problems };
  }

  async load(query: BaselineQuery): Promise<BaselineLoad> {
    if (!this.api.isFeatureAvailable())
      return {
        runs: [],
        problems: [],
        unavailable: true,
        note: 'the Actions cache service is not available to this step (no ACTIONS_RESULTS_URL / ACTIONS_RUNTIME_TOKEN)',
      };
    const keys = [
      ...(query.environmentHash ? [environmentPrefix(query.configHash, query.branch, query.environmentHash)] : []),
      branchPrefix(query.configHash, query.branch),
    ];
    const got = await this.restore(keys);
    if (got.failure !== undefined)
      return {
        runs: [],
        problems: [],
        unavailable: true,
        note: `the Actions cache service failed: ${got.failure}`,
      };
    if (got.key === undefined)
      return {
        runs: [],
        problems: [],
        note:
          `cache miss for branch "${query.branch}" and this config (key prefix ${keys.at(-1)}): no run on ` +
          `${query.branch} has saved one yet, or GitHub evicted it (entries unused for 7 days, or over the ` +
          "repository's cache size limit, are removed; a scheduled run on the branch keeps it fresh)",
      };
    const runs = newestRuns(got.runs, query.keep);
    return {
      runs,
      source: `actions cache ${got.key}`,
      problems: got.problems,
      ...(runs.length > 0 ? {} : { note: `cache entry ${got.key} holds no readable run` }),
    };
  }

  async save(query: BaselineQuery, runs: readonly ResultDoc[]): Promise<BaselineSave> {
    if (!this.api.isFeatureAvailable())
      return { saved: false, kept: 0, note: 'the Actions cache service is not available to this step' };
    const envHash = runs[0]?.environment.hash;
    if (envHash === undefined) return { saved: false, kept: 0, note: 'nothing to save' };
    const previous = await this.restore([environmentPrefix(query.configHash, query.branch, envHash)]);
    // Saving now would make a window of this run alone the newest entry, dropping the stored runs.
    if (previous.failure !== undefined)
      return { saved: false, kept: 0, note: `the stored window could not be read (${previous.failure})` };
    const window = newestRuns([...runs, ...previous.runs], query.keep);
    await mkdir(this.dir, { recursive: true });
    await Promise.all(window.map((r, i) => writeResult(path.join(this.dir, `${String(i).padStart(3, '0')}.json`), r)));
    const key = entryKey(
      query.configHash,
      query.branch,
      envHash,
      this.options.runId,
      this.options.runAttempt,
      (this.options.now ?? (() => new Date()))(),
    );
    try {
      const id = await this.api.saveCache([CACHE_DIR], key);
      return id === -1
        ? {
            saved: false,
            kept: window.length,
            target: key,
            note: 'the cache service did not store the entry (see the warning above)',
          }
        : { saved: true, kept: window.length, target: key };
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
