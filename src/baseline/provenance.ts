// Where a loaded baseline came from, for the report's headline: which store, whether it had runs,
// why not, and the newest run's commit and time (so a reader sees how old the baseline is).
import type { BaselineProvenance } from '../stats/types.js';
import type { BaselineLoad } from './store.js';

const STORE_OF_KIND: Readonly<Record<string, BaselineProvenance['store']>> = {
  'actions-cache': 'actions-cache',
  'git-branch': 'git-branch',
  file: 'files',
};

export function baselineProvenance(kind: string, load: BaselineLoad): BaselineProvenance {
  const store = STORE_OF_KIND[kind] ?? 'files';
  const newest = load.runs[0];
  if (newest)
    return {
      store,
      status: 'found',
      ...(load.source ? { reason: load.source } : {}),
      newest: { ...(newest.run.git?.sha ? { commit: newest.run.git.sha } : {}), createdAt: newest.run.started_at },
    };
  return { store, status: load.unavailable ? 'unavailable' : 'none', ...(load.note ? { reason: load.note } : {}) };
}
