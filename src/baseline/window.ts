// The rolling window of baseline runs: pure selection, no I/O.
import type { ResultDoc } from '../result/schema.js';

/** Newest first by start time; a run id seen twice (a re-run of a save) counts once. */
export function newestRuns(runs: readonly ResultDoc[], keep: number): ResultDoc[] {
  const seen = new Set<string>();
  return [...runs]
    .sort((a, b) => Date.parse(b.run.started_at) - Date.parse(a.run.started_at))
    .filter((r) => {
      if (seen.has(r.run.id)) return false;
      seen.add(r.run.id);
      return true;
    })
    .slice(0, Math.max(0, keep));
}
