// The seam between the action and wherever baseline runs live (Actions cache, a file, ...).
import type { ResultDoc } from '../result/schema.js';

export interface BaselineQuery {
  /** Hash of the validated config (LoadedConfig.hash / ResultDoc.config.hash). */
  readonly configHash: string;
  /** Branch whose runs form the baseline (a PR's base branch; the pushed branch when saving). */
  readonly branch: string;
  /** The candidate's environment fingerprint; runs with this one are preferred. */
  readonly environmentHash?: string;
  /** How many newest runs to keep (K). */
  readonly keep: number;
}

export interface BaselineLoad {
  /** Newest first, at most `keep`. Empty when there is no baseline yet. */
  readonly runs: readonly ResultDoc[];
  /** Where they came from (cache key, file path), for the report. */
  readonly source?: string;
  /** Entries that could not be used (corrupt, unreadable): reported, then ignored. */
  readonly problems: readonly string[];
  /** Why nothing was found or loading was skipped (service unavailable, ...). */
  readonly note?: string;
  /** The store could not be read at all (service down, network, authentication): not "no baseline yet". */
  readonly unavailable?: boolean;
}

export interface BaselineSave {
  readonly saved: boolean;
  /** Runs in the stored window after saving. */
  readonly kept: number;
  readonly target?: string;
  readonly note?: string;
}

/** Facts about a save that only the caller knows. */
export interface SaveContext {
  /** The saved commit's regressions were accepted by a maintainer (its pull request had the label). */
  readonly accepted?: boolean;
}

export interface BaselineStore {
  readonly kind: string;
  load(query: BaselineQuery): Promise<BaselineLoad>;
  /** Adds `runs` (one run, or the repeated runs of one job) to the stored window, keeping the newest `query.keep`. */
  save(query: BaselineQuery, runs: readonly ResultDoc[], context?: SaveContext): Promise<BaselineSave>;
}
