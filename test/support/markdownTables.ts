// Reading the report's markdown back: its tables as cells, and the numbers in the metric cells, so
// tests can check what a reader sees (e.g. that a row's Change follows from its Baseline and Candidate).
import assert from 'node:assert/strict';

/** Cells of a markdown table row, split on pipes that are not backslash-escaped. */
export function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** 1-based line of the header. */
  readonly line: number;
}

/** Every GFM table in a markdown body. */
export function tablesOf(md: string): Table[] {
  const lines = md.split('\n');
  const out: Table[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1] ?? '';
    if (!line.startsWith('|') || !/^\| *:?-/.test(next)) continue;
    const rows: string[][] = [];
    for (let j = i + 2; j < lines.length && (lines[j] ?? '').startsWith('|'); j++) rows.push(cells(lines[j] ?? ''));
    out.push({ header: cells(line), rows, line: i + 1 });
  }
  return out;
}

/** Every table row has as many cells as its header; returns the number of tables. */
export function assertTablesWellFormed(md: string): number {
  const tables = tablesOf(md);
  for (const t of tables)
    for (const r of t.rows) assert.equal(r.length, t.header.length, `table at line ${t.line}: ${r.join(' | ')}`);
  return tables.length;
}

/** A shown number and the interval the true value lies in, given how it was rounded. */
export interface Shown {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
}

/** "1,945 tok/s", "0.624 ms", "-11.5%" → the value and its rounding interval; undefined for "—". */
export function parseShown(text: string): Shown | undefined {
  const m = /^([+-]?[\d,]+(?:\.(\d+))?)/.exec(text.trim());
  if (m === null) return undefined;
  const value = Number((m[1] ?? '').replace(/,/g, ''));
  const half = 0.5 * 10 ** -(m[2]?.length ?? 0);
  return { value, lo: value - half, hi: value + half };
}

/**
 * Whether a shown change (in %) can follow from shown baseline and candidate values: some true pair
 * inside their rounding intervals gives a change that rounds to the one shown.
 */
export function changeConsistent(baseline: Shown, candidate: Shown, changePct: Shown): boolean {
  const ratios = [candidate.lo / baseline.hi, candidate.hi / baseline.lo].map((r) => (r - 1) * 100);
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  return changePct.hi >= lo && changePct.lo <= hi;
}

/** Every metric row of every table: [config, metric, baseline, candidate, change] cells. */
export function metricRowsOf(md: string): { line: number; cells: readonly string[] }[] {
  return tablesOf(md)
    .filter((t) => t.header.includes('Baseline') && t.header.includes('Candidate') && t.header.includes('Change [CI]'))
    .flatMap((t) => t.rows.map((cells) => ({ line: t.line, cells })));
}
