// Where a loaded baseline came from, for the report's headline: which store, whether it had runs,
// why not, and the newest run's commit and time (so a reader sees how old the baseline is). Pure.
import type { BaselineProvenance } from '../stats/types.js';
import type { BaselineLoad } from './store.js';

const STORE_OF_KIND: Readonly<Record<string, BaselineProvenance['store']>> = {
  'actions-cache': 'actions-cache',
  'git-branch': 'git-branch',
  file: 'files',
};

/** `refused`: the runs were found but a policy (e.g. fingerprint_mismatch: refuse) keeps them out. */
export function baselineProvenance(kind: string, load: BaselineLoad, refused?: string): BaselineProvenance {
  const store = STORE_OF_KIND[kind] ?? 'files';
  const newest = load.runs[0];
  const age = newest
    ? { newest: { ...(newest.run.git?.sha ? { commit: newest.run.git.sha } : {}), createdAt: newest.run.started_at } }
    : {};
  if (refused) return { store, status: 'refused', reason: refused, ...age };
  if (newest) return { store, status: 'found', ...(load.source ? { reason: load.source } : {}), ...age };
  return { store, status: load.unavailable ? 'unavailable' : 'none', ...(load.note ? { reason: load.note } : {}) };
}
