// History shards as text: the header, then one line per saved commit, appended until a shard
// reaches its bounds. Pure: the store reads the newest shard, calls appendRecords and writes back the
// shards it returns; readers decode shards back into CommitRecords.
import { METRICS, type MetricName } from '../../metrics.js';
import {
  INTERVAL_METRICS,
  isVerdict,
  ROW_PREFIX,
  shardSchema,
  type CommitRecord,
  type ConfigSummary,
  type HistoryShard,
  type MetricSummary,
  type ShardHeader,
  type StoredRecord,
} from './historySchema.js';
import type { ShardLimits } from './layout.js';
import { issueLine } from '../../util/zodIssues.js';

/** A shard being written: its header and its records, each already serialised to one line. */
export interface ShardDraft {
  readonly index: number;
  readonly header: ShardHeader;
  readonly lines: readonly string[];
  /** UTF-8 bytes of `lines` together, when already known (saves re-measuring a whole shard per append). */
  readonly lineBytes?: number;
}

/** What every shard of a series starts from: the series and an empty table. */
export type ShardBase = Omit<ShardHeader, 'configs' | 'columns'>;

function emptyHeader(base: ShardBase): ShardHeader {
  return { ...base, configs: [], columns: [...ROW_PREFIX] };
}

function headerText(header: ShardHeader): string {
  return JSON.stringify({ ...header, records: [] }).slice(0, -3); // up to `"records":`, without its `[]}`
}

export function shardText(draft: Pick<ShardDraft, 'header' | 'lines'>): string {
  return `${headerText(draft.header)}[\n${draft.lines.join(',\n')}\n]}\n`;
}

/** Size in bytes of the shard text, from the line lengths (no need to build the text). */
function shardBytes(header: ShardHeader, lineBytes: number, lineCount: number): number {
  const separators = Math.max(0, lineCount - 1) * 2; // ",\n"
  return Buffer.byteLength(headerText(header)) + 2 + lineBytes + separators + 4; // "[\n" ... "\n]}\n"
}

function metricColumns(metric: MetricName): string[] {
  return INTERVAL_METRICS.has(metric) ? [metric, `${metric}:lo`, `${metric}:hi`] : [metric];
}

/** The record as one line of rows against `header`, extending the header with new benchmarks and columns. */
export function encodeRecord(header: ShardHeader, record: CommitRecord): { header: ShardHeader; line: string } {
  const configs = [...header.configs];
  const columns = [...header.columns];
  const index = new Map(configs.map((c, i) => [`${c.name}\0${c.hash}`, i]));
  const rows = record.configs.map((c) => {
    let i = index.get(`${c.name}\0${c.hash}`);
    const entry = { name: c.name, hash: c.hash, ...(c.labels ? { labels: { ...c.labels } } : {}) };
    if (i === undefined) index.set(`${c.name}\0${c.hash}`, (i = configs.push(entry) - 1));
    else if (JSON.stringify(configs[i]!.labels) !== JSON.stringify(entry.labels)) configs[i] = entry;
    const row: (number | string | null)[] = [i, c.verdict, c.n, c.runs, c.window];
    for (const [metric, summary] of Object.entries(c.metrics) as [MetricName, MetricSummary][])
      metricColumns(metric).forEach((col, j) => {
        let pos = columns.indexOf(col);
        if (pos < 0) pos = columns.push(col) - 1;
        row[pos] = summary[j] ?? null;
      });
    return Array.from(row, (v) => v ?? null);
  });
  const stored: StoredRecord = {
    ...(record.commit !== undefined ? { commit: record.commit } : {}),
    time: record.time,
    run_ids: [...record.run_ids],
    ...(record.accepted ? { accepted: true } : {}),
    rows,
  };
  return { header: { ...header, configs, columns }, line: JSON.stringify(stored) };
}

/**
 * Appends `records` (oldest first) to the series whose newest shard is `newest` (undefined: none
 * yet, or none usable: the first new shard is then `firstIndex`), starting new shards as the limits
 * require. A record of the same commit as the newest shard's last one replaces it (a re-run of the
 * same save). Returns every shard that changed.
 */
export function appendRecords(
  newest: ShardDraft | undefined,
  base: ShardBase,
  records: readonly CommitRecord[],
  limits: ShardLimits,
  firstIndex = 0,
): ShardDraft[] {
  const fresh = (index: number) => ({ index, header: emptyHeader(base), lines: [] as string[], bytes: 0 });
  let current = newest
    ? {
        index: newest.index,
        header: { ...newest.header, ...base },
        lines: [...newest.lines],
        bytes: newest.lineBytes ?? newest.lines.reduce((s, l) => s + Buffer.byteLength(l), 0),
      }
    : fresh(firstIndex);
  const out = [current];
  let lastCommit = current.lines.length > 0 ? commitOf(current.lines[current.lines.length - 1]!) : undefined;
  for (const record of records) {
    if (record.commit !== undefined && record.commit === lastCommit)
      current.bytes -= Buffer.byteLength(current.lines.pop()!);
    let encoded = encodeRecord(current.header, record);
    let size = Buffer.byteLength(encoded.line);
    const grown = shardBytes(encoded.header, current.bytes + size, current.lines.length + 1);
    if (current.lines.length > 0 && (current.lines.length >= limits.maxRecords || grown > limits.maxBytes)) {
      out.push((current = fresh(current.index + 1)));
      encoded = encodeRecord(current.header, record);
      size = Buffer.byteLength(encoded.line);
    }
    current.lines.push(encoded.line);
    current.bytes += size;
    current.header = encoded.header;
    lastCommit = record.commit;
  }
  return out.map(({ index, header, lines, bytes }) => ({ index, header, lines, lineBytes: bytes }));
}

/** The commit of a serialised record, without parsing the whole line. */
function commitOf(line: string): string | undefined {
  return /^\{"commit":"([^"]*)"/.exec(line)?.[1];
}

export function parseShard(text: string, where: string): HistoryShard {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: not JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = shardSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}: not a history shard${issue ? `: ${issueLine(issue)}` : ''}`);
  }
  return parsed.data;
}

export function draftOf(index: number, shard: HistoryShard): ShardDraft {
  const { records, ...header } = shard;
  return { index, header, lines: records.map((r) => JSON.stringify(r)) };
}

const KNOWN_METRICS = new Set<string>(METRICS);

function decodeRow(shard: HistoryShard, row: StoredRecord['rows'][number], where: string): ConfigSummary {
  const [ci, verdict, n, runs, window] = row;
  const config = typeof ci === 'number' ? shard.configs[ci] : undefined;
  if (!config) throw new Error(`${where}: row names benchmark #${String(ci)}, which the header does not list`);
  if (!isVerdict(verdict)) throw new Error(`${where}: "${String(verdict)}" is not a verdict`);
  const metrics: Partial<Record<MetricName, [number, number | null, number | null]>> = {};
  shard.columns.forEach((col, pos) => {
    const value = row[pos];
    if (pos < ROW_PREFIX.length || typeof value !== 'number') return;
    const [metric, part] = col.split(':') as [string, string | undefined];
    if (!KNOWN_METRICS.has(metric)) return; // a column of a newer writer: ignored, not fatal
    const m = (metrics[metric as MetricName] ??= [Number.NaN, null, null]);
    m[part === 'lo' ? 1 : part === 'hi' ? 2 : 0] = value;
  });
  for (const [k, v] of Object.entries(metrics)) if (Number.isNaN(v[0])) delete metrics[k as MetricName];
  const int = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    name: config.name,
    hash: config.hash,
    ...(config.labels ? { labels: config.labels } : {}),
    verdict,
    n: int(n),
    runs: int(runs),
    window: int(window),
    metrics,
  };
}

/** The shard's records as the code uses them; `where` names the shard in errors. */
export function decodeShard(shard: HistoryShard, where: string): CommitRecord[] {
  return shard.records.map((r, i) => ({
    ...(r.commit !== undefined ? { commit: r.commit } : {}),
    time: r.time,
    run_ids: r.run_ids,
    ...(r.accepted ? { accepted: true } : {}),
    configs: r.rows.map((row, j) => decodeRow(shard, row, `${where} record ${i + 1} row ${j + 1}`)),
  }));
}
