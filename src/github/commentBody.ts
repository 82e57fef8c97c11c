// The sticky comment's text: a hidden marker per config file (so two gate steps in one workflow
// keep two comments) and GitHub's 65,536-character limit, cutting details and keeping the summary.

export const COMMENT_LIMIT = 65_536;

/**
 * The text inside the hidden marker of one config file's comment. The path is encoded (hyphens
 * too) so it holds no "--" or ">" and the report renderer wraps it unchanged.
 */
export function markerId(configPath: string): string {
  return `llm-perf-gate:${encodeURIComponent(configPath.replace(/\\/g, '/')).replace(/-/g, '%2D')}`;
}

/** The hidden marker as it appears in the comment (what renderMarkdown writes for `markerId`). */
export function commentMarker(configPath: string): string {
  return `<!-- ${markerId(configPath)} -->`;
}

export function hasMarker(body: string | undefined | null, marker: string): boolean {
  return typeof body === 'string' && body.includes(marker);
}

/**
 * The body with the marker first, cut to `limit` characters at a line break when too long. Open
 * code fences and <details> blocks in the kept part are closed so the note after the cut renders.
 */
export function fitComment(
  markdown: string,
  marker: string,
  limit = COMMENT_LIMIT,
  fullReportHint = 'the job summary',
): string {
  const body = hasMarker(markdown, marker) ? markdown : `${marker}\n${markdown}`;
  if (body.length <= limit) return body;
  const note = (cut: number) =>
    `\n\n> [!NOTE]\n> ${cut.toLocaleString('en-US')} characters of details were cut to fit GitHub's comment limit; ${fullReportHint} has the full report.\n`;
  // Room for the note and for closing what the cut leaves open.
  const reserve = note(body.length).length + 400;
  let kept = body.slice(0, Math.max(0, limit - reserve));
  const lastBreak = kept.lastIndexOf('\n');
  if (lastBreak > 0) kept = kept.slice(0, lastBreak);
  const fences = kept.match(/^\s*(`{3,}|~{3,})/gm) ?? [];
  let closing = '';
  if (fences.length % 2 === 1) closing += `\n${(fences.at(-1) ?? '```').trim()}`;
  const opened = (kept.match(/<details\b/gi) ?? []).length - (kept.match(/<\/details>/gi) ?? []).length;
  for (let i = 0; i < opened; i++) closing += '\n</details>';
  const out = `${kept}${closing}${note(body.length - kept.length)}`;
  return out.length <= limit ? out : out.slice(0, limit);
}
