// Where things live on the data branch. Every name here is part of the stored format (v1): the
// baseline window of each series as raw result files, and every saved commit as a one-line summary
// in append-only, size-bounded history shards.
//
//   llm-perf-gate.json                              store metadata (format, version, repository URL)
//   README.md                                       what this branch is, for people who find it
//   runs/<config hash>/<branch>/<env hash>/*.json   the newest K raw result files of the series
//   history/<config hash>/<branch>/<env hash>/NNNNNN.json   per-commit summaries, oldest shard first

export const DEFAULT_DATA_BRANCH = 'perf-data';
export const STORE_META_FILE = 'llm-perf-gate.json';
export const STORE_README_FILE = 'README.md';
export const RUNS_DIR = 'runs';
export const HISTORY_DIR = 'history';

/**
 * Bounds of one history shard. A shard takes records until the next one would push it over either
 * bound; a single record larger than the byte bound (a config file with thousands of benchmarks)
 * gets a shard of its own. 512 KiB stays far below GitHub's 50 MB warning and 100 MB refusal, and
 * keeps the one file a save rewrites small.
 */
export const SHARD_LIMITS = { maxBytes: 512 * 1024, maxRecords: 500 } as const;
export type ShardLimits = { readonly maxBytes: number; readonly maxRecords: number };

/** The three things that make runs comparable: one series. */
export interface SeriesKey {
  readonly configHash: string;
  readonly branch: string;
  readonly environmentHash: string;
}

/** One path segment from free text ("feature/x" must not become two folders; "." is reserved). */
export function pathSegment(text: string): string {
  return encodeURIComponent(text).replace(/\./g, '%2E').replace(/\*/g, '%2A');
}

export function decodeSegment(segment: string): string {
  return decodeURIComponent(segment);
}

export function seriesPath(key: SeriesKey): string {
  return [key.configHash, key.branch, key.environmentHash].map(pathSegment).join('/');
}

/** Folder of the raw runs of every environment of a config on a branch. */
export function branchRunsDir(configHash: string, branch: string): string {
  return `${RUNS_DIR}/${pathSegment(configHash)}/${pathSegment(branch)}`;
}

export function runsDir(key: SeriesKey): string {
  return `${RUNS_DIR}/${seriesPath(key)}`;
}

export function historyDir(key: SeriesKey): string {
  return `${HISTORY_DIR}/${seriesPath(key)}`;
}

/** Raw run file name: sorts by start time, unique by run id. */
export function runFileName(startedAt: string, runId: string): string {
  return `${startedAt.replace(/[:.]/g, '-')}_${runId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
}

const SHARD_NAME = /^(\d{6})\.json$/;

export function shardFileName(index: number): string {
  return `${String(index).padStart(6, '0')}.json`;
}

/** Shard index from a file name, or undefined for anything else. */
export function shardIndex(name: string): number | undefined {
  const m = SHARD_NAME.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** The series a path under runs/ or history/ belongs to, or undefined. */
export function seriesOfPath(p: string): { kind: 'runs' | 'history'; key: SeriesKey; file: string } | undefined {
  const parts = p.split('/');
  if (parts.length !== 5 || (parts[0] !== RUNS_DIR && parts[0] !== HISTORY_DIR)) return undefined;
  const [, c, b, e, file] = parts as [string, string, string, string, string];
  return {
    kind: parts[0] === RUNS_DIR ? 'runs' : 'history',
    key: { configHash: decodeSegment(c), branch: decodeSegment(b), environmentHash: decodeSegment(e) },
    file,
  };
}
