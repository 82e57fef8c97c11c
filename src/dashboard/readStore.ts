// Reads a checkout of the data branch (`--store DIR`): every history shard, the raw runs kept for
// the study view, and the size of it all. A broken file is reported and skipped, never fatal; a
// folder that is not a data branch at all is a usage error.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CommitRecord, ShardHeader } from '../baseline/gitBranch/historySchema.js';
import {
  HISTORY_DIR,
  seriesOfPath,
  seriesPath,
  STORE_META_FILE,
  type SeriesKey,
} from '../baseline/gitBranch/layout.js';
import { decodeShard, parseShard } from '../baseline/gitBranch/shards.js';
import { storeMetaSchema, type StoreMeta } from '../baseline/gitBranch/storeMeta.js';
import { parseResult } from '../result/readResult.js';
import type { ResultDoc } from '../result/schema.js';

export interface StoredSeries {
  readonly key: SeriesKey;
  /** The newest shard's header: config path, machine. */
  readonly header: Omit<ShardHeader, 'configs' | 'columns'>;
  /** Oldest first. */
  readonly records: readonly CommitRecord[];
  /** The raw runs kept for the window, newest first. */
  readonly runs: readonly ResultDoc[];
}

export interface StoreSize {
  readonly files: number;
  readonly bytes: number;
  readonly largest?: { readonly path: string; readonly bytes: number };
}

export interface StoreSnapshot {
  readonly meta?: StoreMeta;
  readonly series: readonly StoredSeries[];
  readonly size: StoreSize;
  readonly problems: readonly string[];
}

export class NotAStoreError extends Error {
  constructor(dir: string) {
    super(
      `${dir} is not a checkout of an llm-perf-gate data branch (no ${STORE_META_FILE}, no ${HISTORY_DIR}/ folder)`,
    );
    this.name = 'NotAStoreError';
  }
}

/** Every file under `dir` (relative, "/"-separated), skipping .git. */
async function walk(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory() && e.name !== '.git') out.push(...(await walk(dir, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

async function readMeta(dir: string, problems: string[]): Promise<StoreMeta | undefined> {
  try {
    const parsed = storeMetaSchema.safeParse(JSON.parse(await readFile(path.join(dir, STORE_META_FILE), 'utf8')));
    if (parsed.success) return parsed.data;
    problems.push(`${STORE_META_FILE} is not store metadata and was ignored`);
  } catch {
    // Absent: older or hand-made stores still have their history.
  }
  return undefined;
}

export async function readStoreDir(dir: string): Promise<StoreSnapshot> {
  const files = (await walk(dir)).sort();
  if (!files.includes(STORE_META_FILE) && !files.some((f) => f.startsWith(`${HISTORY_DIR}/`)))
    throw new NotAStoreError(dir);
  const problems: string[] = [];
  const meta = await readMeta(dir, problems);
  const series = new Map<
    string,
    { key: SeriesKey; header?: StoredSeries['header']; records: CommitRecord[]; runs: ResultDoc[] }
  >();
  let bytes = 0;
  let largest: StoreSize['largest'];
  for (const f of files) {
    const size = (await stat(path.join(dir, f))).size;
    bytes += size;
    if (!largest || size > largest.bytes) largest = { path: f, bytes: size };
    const where = seriesOfPath(f);
    if (!where || !f.endsWith('.json')) continue;
    const s = series.get(seriesPath(where.key)) ?? { key: where.key, records: [], runs: [] };
    series.set(seriesPath(where.key), s);
    const text = await readFile(path.join(dir, f), 'utf8');
    try {
      if (where.kind === 'runs') s.runs.push(parseResult(text, f));
      else {
        const shard = parseShard(text, f);
        s.records.push(...decodeShard(shard, f));
        const { configs: _c, columns: _k, records: _r, ...header } = shard;
        s.header = header; // files are sorted: the last shard read is the newest
      }
    } catch (err) {
      problems.push(`${f} was skipped: ${(err as Error).message}`);
    }
  }
  return {
    ...(meta ? { meta } : {}),
    series: [...series.values()].flatMap((s) =>
      s.header
        ? [
            {
              key: s.key,
              header: s.header,
              records: s.records,
              runs: s.runs.sort((a, b) => b.run.started_at.localeCompare(a.run.started_at)),
            },
          ]
        : [],
    ),
    size: { files: files.length, bytes, ...(largest ? { largest } : {}) },
    problems,
  };
}
