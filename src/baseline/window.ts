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

/** Runs whose fingerprint or config differ from the query are not silently used. */
export function splitByMatch(
  runs: readonly ResultDoc[],
  configHash: string,
  environmentHash: string | undefined,
): { matching: ResultDoc[]; otherEnvironment: ResultDoc[]; otherConfig: ResultDoc[] } {
  const matching: ResultDoc[] = [];
  const otherEnvironment: ResultDoc[] = [];
  const otherConfig: ResultDoc[] = [];
  for (const r of runs) {
    if (r.config.hash !== configHash) otherConfig.push(r);
    else if (environmentHash !== undefined && r.environment.hash !== environmentHash) otherEnvironment.push(r);
    else matching.push(r);
  }
  return { matching, otherEnvironment, otherConfig };
}
