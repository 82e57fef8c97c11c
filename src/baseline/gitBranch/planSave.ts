// What one save changes on the data branch, from what is there now. Pure: the store reads the
// series' raw runs and newest history shard, and commits the changes returned here. Running it
// again on a newer tip (after a rejected push) replays the save on top of the other job's.
import type { ResultDoc } from '../../result/schema.js';
import { machineOf } from '../../stats/fingerprint.js';
import { newestRuns } from '../window.js';
import type { FileChanges } from './dataBranch.js';
import type { CommitRecord, HistoryShard } from './historySchema.js';
import {
  historyDir,
  runFileName,
  runsDir,
  shardFileName,
  STORE_META_FILE,
  STORE_README_FILE,
  type SeriesKey,
  type ShardLimits,
} from './layout.js';
import { appendRecords, draftOf, shardText, type ShardBase } from './shards.js';
import { STORE_README, storeMetaText } from './storeMeta.js';
import { summarizeCommit } from './summarizeCommit.js';

export interface StoredRun {
  readonly path: string;
  /** Undefined when the file could not be read as a result (it is left alone and reported). */
  readonly doc?: ResultDoc;
}

export interface SeriesState {
  readonly runs: readonly StoredRun[];
  readonly newestShard?: { readonly index: number; readonly shard: HistoryShard };
  /** The newest shard could not be parsed: it is kept as it is, and the next index starts a new one. */
  readonly unreadableShard?: { readonly index: number; readonly path: string; readonly problem: string };
  readonly hasMeta: boolean;
  readonly hasReadme: boolean;
}

export interface SaveOptions {
  readonly keep: number;
  readonly limits: ShardLimits;
  readonly accepted?: boolean;
  readonly repository?: string;
}

export interface SavePlan {
  readonly changes: FileChanges;
  readonly record: CommitRecord;
  /** Runs in the window after the save. */
  readonly kept: number;
  /** Bytes of the files this save writes. */
  readonly bytesWritten: number;
}

function shardBase(key: SeriesKey, first: ResultDoc): ShardBase {
  const machine = machineOf(first);
  return {
    format: 'llm-perf-gate.history',
    version: 1,
    config_hash: key.configHash,
    config_path: first.config.path,
    branch: key.branch,
    environment: { hash: key.environmentHash, ...(machine ? { machine } : {}) },
  };
}

export function planSave(
  key: SeriesKey,
  state: SeriesState,
  added: readonly ResultDoc[],
  options: SaveOptions,
): SavePlan {
  const previous = state.runs.flatMap((r) => (r.doc ? [r.doc] : []));
  const record = summarizeCommit({ previous, added, keep: options.keep, accepted: options.accepted });
  const window = newestRuns([...added, ...previous], options.keep);
  const keepIds = new Set(window.map((d) => d.run.id));
  const writes = new Map<string, string>();
  const existing = new Map(state.runs.flatMap((r) => (r.doc ? [[r.doc.run.id, r.path] as const] : [])));
  for (const d of added)
    if (keepIds.has(d.run.id) && !existing.has(d.run.id))
      writes.set(`${runsDir(key)}/${runFileName(d.run.started_at, d.run.id)}`, `${JSON.stringify(d)}\n`);
  const removes = state.runs.filter((r) => r.doc && !keepIds.has(r.doc.run.id)).map((r) => r.path);

  const newest = state.newestShard ? draftOf(state.newestShard.index, state.newestShard.shard) : undefined;
  const firstIndex = state.unreadableShard ? state.unreadableShard.index + 1 : 0;
  for (const s of appendRecords(newest, shardBase(key, added[0]!), [record], options.limits, firstIndex))
    writes.set(`${historyDir(key)}/${shardFileName(s.index)}`, shardText(s));
  if (!state.hasMeta) writes.set(STORE_META_FILE, storeMetaText(options.repository));
  if (!state.hasReadme) writes.set(STORE_README_FILE, STORE_README);
  const bytesWritten = [...writes.values()].reduce((s, t) => s + Buffer.byteLength(t), 0);
  return { changes: { writes, removes }, record, kept: window.length, bytesWritten };
}
