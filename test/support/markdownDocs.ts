// Reading the user docs back for the docs-vs-code tests: a page's sections, and the key column of
// its reference tables.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './freshDist.js';
import { tablesOf } from './markdownTables.js';

export function readDoc(relative: string): string {
  return readFileSync(path.join(REPO_ROOT, relative), 'utf8');
}

export interface Section {
  /** The heading's text without its #s. */
  readonly heading: string;
  /** Everything up to the next heading of any level. */
  readonly body: string;
}

/** The page cut at every ATX heading; fenced code blocks are not headings. */
export function sectionsOf(md: string): Section[] {
  const out: { heading: string; lines: string[] }[] = [{ heading: '', lines: [] }];
  let fenced = false;
  for (const line of md.split('\n')) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6} (.*)$/.exec(line);
    if (m) out.push({ heading: m[1]!.trim(), lines: [] });
    else out.at(-1)!.lines.push(line);
  }
  return out.map((s) => ({ heading: s.heading, body: s.lines.join('\n') }));
}

/** A reference row: the code span in its first cell, and its cells by header name. */
export interface KeyRow {
  readonly key: string;
  readonly cells: Readonly<Record<string, string>>;
}

/** Rows of every table in `body` whose first cell is one code span (`key`); other rows are skipped. */
export function keyRows(body: string): KeyRow[] {
  return tablesOf(body).flatMap((t) =>
    t.rows.flatMap((row) => {
      const key = /^`([^`]+)`$/.exec(row[0] ?? '')?.[1];
      if (key === undefined) return [];
      return [{ key, cells: Object.fromEntries(t.header.map((h, i) => [h, row[i] ?? ''])) }];
    }),
  );
}
