// Where the compared baseline came from, or why there is none, for the report's headline. Pure.
import type { BaselineProvenance } from '../stats/types.js';
import { loadStatus, type BaselineLoad, type BaselineStore } from './store.js';

/** `refused`: the runs were found but a policy (e.g. fingerprint_mismatch: refuse) keeps them out. */
export function baselineProvenance(
  store: BaselineStore['kind'],
  load: BaselineLoad,
  refused?: string,
): BaselineProvenance {
  const newestRun = load.runs[0];
  const newest = newestRun
    ? {
        ...(newestRun.run.git?.sha ? { commit: newestRun.run.git.sha } : {}),
        createdAt: newestRun.run.started_at,
      }
    : undefined;
  const status = refused ? 'refused' : loadStatus(load);
  const reason = refused ?? load.note;
  return { store, status, ...(reason ? { reason } : {}), ...(newest ? { newest } : {}) };
}
