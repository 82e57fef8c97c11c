// Escaping of untrusted text (config names, error messages, stderr) for each output medium. Names
// and errors come from user configs and arbitrary commands, so none of them may break a table,
// inject HTML, ping people or rewrite the terminal.

import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';

// C0/C1 control characters except tab and newline, plus DEL (left after escape sequences are gone).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidirectional overrides can make text read differently from what it is.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** Removes terminal escape sequences (Node's own parser) and control characters; keeps newlines and tabs. */
export function stripControl(text: string): string {
  return stripVTControlCharacters(text.replace(/\r\n?/g, '\n')).replace(CONTROL, '').replace(BIDI, '');
}

/** One line of plain text: control characters removed, line breaks folded into spaces. */
export function oneLine(text: string): string {
  return stripControl(text)
    .replace(/[\n\t]+/g, ' ')
    .trim();
}

/**
 * Inline markdown text (also safe inside a GFM table cell): one line, markdown punctuation
 * backslash-escaped, HTML neutralised, `@name` and bare URLs broken with a zero-width space so nobody
 * is pinged and nothing becomes a link.
 */
export function mdText(text: string): string {
  return (
    oneLine(text)
      .replace(/[\\`*_[\]|~#!]/g, (c) => `\\${c}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/@/g, '@&#8203;')
      // GitHub links bare URLs: a zero-width space keeps a name's "http://x" or "www.x" plain text.
      .replace(/:\/\//g, ':&#8203;//')
      .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}&#8203;.`)
  );
}

/** Truncates to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 1 ? text.slice(0, max) : `${text.slice(0, max - 1)}…`;
}

/**
 * Cuts text to at most `columns` display columns (wide characters count two), marking the cut with
 * an ellipsis: table cells stay inside a PR comment's width.
 */
export function fitWidth(text: string, columns: number): string {
  if (stringWidth(text) <= columns) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(`${out}${ch}`) > columns - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * A fenced code block that the content cannot close: the fence is longer than any backtick run
 * inside. Code blocks render no HTML, no markdown and no mentions.
 */
export function mdCodeBlock(content: string, lang = ''): string {
  const body = stripControl(content).replace(/\s+$/, '');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}

/** Text safe inside a mermaid string literal: quotes, brackets and markup removed. */
export function mermaidText(text: string, max = 24): string {
  const cleaned = oneLine(text)
    .replace(/["'`<>{}[\]#;&|\\@]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(cleaned.length > 0 ? cleaned : '?', max);
}

/** A git sha shortened for reading; anything that is not a sha is treated as text. */
export function shortSha(sha: string | undefined): string | undefined {
  if (sha === undefined || sha.length === 0) return undefined;
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7) : oneLine(sha);
}

/**
 * An inline code span (outside tables): one line, delimited by a backtick run longer than any
 * inside. Code spans render no markdown, HTML or mentions.
 */
export function mdCode(text: string): string {
  const body = oneLine(text);
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
