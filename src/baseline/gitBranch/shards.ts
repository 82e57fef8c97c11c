// History shards as text: one record per line, appended until a shard reaches its bounds. Pure: the
// store reads the newest shard, calls appendRecords and writes back the shards it returns.
import { shardSchema, type CommitRecord, type HistoryShard, type ShardHeader } from './historySchema.js';
import type { ShardLimits } from './layout.js';

/** A shard being written: its header and its records, each already serialised to one line. */
export interface ShardDraft {
  readonly index: number;
  readonly header: ShardHeader;
  readonly lines: readonly string[];
}

export function recordLine(record: CommitRecord): string {
  return JSON.stringify(record);
}

function headerText(header: ShardHeader): string {
  const open = JSON.stringify({ ...header, records: [] });
  return open.slice(0, -3); // up to `"records":`, without its `[]}`
}

export function shardText(draft: Pick<ShardDraft, 'header' | 'lines'>): string {
  return `${headerText(draft.header)}[\n${draft.lines.join(',\n')}\n]}\n`;
}

/** Size in bytes of the shard text, from the line lengths (no need to build the text). */
function shardBytes(header: ShardHeader, lineBytes: number, lineCount: number): number {
  const separators = Math.max(0, lineCount - 1) * 2; // ",\n"
  return Buffer.byteLength(headerText(header)) + 2 + lineBytes + separators + 4; // "[\n" ... "\n]}\n"
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
    throw new Error(`${where}: not a history shard: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

export function draftOf(index: number, shard: HistoryShard): ShardDraft {
  const { records, ...header } = shard;
  return { index, header, lines: records.map(recordLine) };
}

/** The header with the labels of the record's configs as last saved. */
function mergeLabels(header: ShardHeader, record: CommitRecord, labels: ShardHeader['labels']): ShardHeader {
  const merged = { ...header.labels };
  for (const { name } of record.configs) if (labels[name]) merged[name] = labels[name];
  return { ...header, labels: merged };
}

/**
 * Appends `records` (oldest first) to the series whose newest shard is `newest` (undefined: none
 * yet, or none usable: the first new shard is then `firstIndex`), starting new shards as the limits require. A record of the same commit as the newest
 * shard's last one replaces it (a re-run of the same save). Returns every shard that changed.
 */
export function appendRecords(
  newest: ShardDraft | undefined,
  header: ShardHeader,
  records: readonly CommitRecord[],
  limits: ShardLimits,
  firstIndex = 0,
): ShardDraft[] {
  const out: { index: number; header: ShardHeader; lines: string[]; bytes: number }[] = [];
  let current = newest
    ? {
        index: newest.index,
        header: { ...header, labels: newest.header.labels },
        lines: [...newest.lines],
        bytes: newest.lines.reduce((s, l) => s + Buffer.byteLength(l), 0),
      }
    : { index: firstIndex, header: { ...header, labels: {} }, lines: [] as string[], bytes: 0 };
  let lastCommit = current.lines.length > 0 ? commitOf(current.lines[current.lines.length - 1]!) : undefined;
  out.push(current);
  for (const record of records) {
    const line = recordLine(record);
    const size = Buffer.byteLength(line);
    if (record.commit !== undefined && record.commit === lastCommit)
      current.bytes -= Buffer.byteLength(current.lines.pop()!);
    let nextHeader = mergeLabels(current.header, record, header.labels);
    const grown = shardBytes(nextHeader, current.bytes + size, current.lines.length + 1);
    if (current.lines.length > 0 && (current.lines.length >= limits.maxRecords || grown > limits.maxBytes)) {
      current = { index: current.index + 1, header: { ...header, labels: {} }, lines: [], bytes: 0 };
      nextHeader = mergeLabels(current.header, record, header.labels);
      out.push(current);
    }
    current.lines.push(line);
    current.bytes += size;
    current.header = nextHeader;
    lastCommit = record.commit;
  }
  return out.map(({ index, header: h, lines }) => ({ index, header: h, lines }));
}

/** The commit of a serialised record, without parsing the whole line. */
function commitOf(line: string): string | undefined {
  const m = /^\{"commit":"([^"]*)"/.exec(line);
  return m?.[1];
}
