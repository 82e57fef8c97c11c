// Validation issues (zod's, or any with a path and a message) as "path: message" lines, in one path
// style for every input: configs, result files, shard placeholders, engine outputs, recordings. The
// path reads as one would type it in JavaScript or jq: benchmarks[1].options.provider,
// engine_info["a-b"]; the document itself is "(top level)".

export interface PathIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** The path of a problem with the document as a whole. */
export const TOP_LEVEL = '(top level)';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** "iterations[0].ttft_ms" from ['iterations', 0, 'ttft_ms']; keys that are not identifiers are quoted. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? TOP_LEVEL : out;
}

export function issueLine(issue: PathIssue): string {
  return `${issuePath(issue.path)}: ${issue.message}`;
}

/** The first `max` issues as lines, then "… and N more" when some were left out. */
export function issueLines(issues: readonly PathIssue[], max = Number.POSITIVE_INFINITY): string[] {
  const lines = issues.slice(0, max).map(issueLine);
  if (issues.length > lines.length) lines.push(`… and ${issues.length - lines.length} more`);
  return lines;
}
