// Reads perf-gate.yml: YAML with positions, then zod. Every problem is reported at once, each as
// file:line:col, the path in the config, what was expected and what was found.
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { readTextInput, TextInputError } from '../util/readTextInput.js';
import { stableHash } from '../util/hash.js';
import { issuePath, TOP_LEVEL } from '../util/zodIssues.js';
import { formatIssues, type ConfigIssue } from './formatIssues.js';
import { configSchema, type Config } from './schema.js';
import { SourceMap } from './sourceMap.js';

export interface LoadedConfig {
  /** The path as the user gave it (shown in messages and reports). */
  readonly path: string;
  readonly absPath: string;
  /** Folder of the config file: relative paths inside it resolve against this. */
  readonly dir: string;
  readonly text: string;
  readonly config: Config;
  /** Hash of the validated config with defaults applied. */
  readonly hash: string;
}

/** Problems printed in full; the rest are counted (a generated file can have thousands). */
export const MAX_SHOWN_ISSUES = 50;

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    const shown = issues
      .slice(0, MAX_SHOWN_ISSUES)
      .map((i) => (i.line > 0 ? `  ${file}:${i.line}:${i.col}: ${i.path}: ${i.message}` : `  ${file}: ${i.message}`));
    const rest = issues.length - shown.length;
    if (rest > 0) shown.push(`  … and ${rest} more problem${rest === 1 ? '' : 's'} (fix these first)`);
    super(`${file}: invalid config (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${shown.join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Largest config file read: generated files with thousands of benchmarks stay far below it. */
export const MAX_CONFIG_BYTES = 16 * 2 ** 20;
/** Alias uses allowed when the YAML is expanded: enough for sharing blocks, too few for a "billion laughs". */
const MAX_ALIAS_COUNT = 100;

export async function loadConfig(file: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const absPath = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readTextInput(absPath, MAX_CONFIG_BYTES);
  } catch (err) {
    if (!(err instanceof TextInputError)) throw err;
    throw new ConfigError(file, [{ line: 0, col: 0, path: '(file)', message: err.reason }]);
  }
  return parseConfig(text, file, absPath);
}

/** The YAML document as plain data; an alias bomb is a config error, not a crash. */
function toData(doc: Document.Parsed, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ConfigError(file, [
      {
        line: 0,
        col: 0,
        path: '(yaml)',
        message: /alias/i.test(message)
          ? `aliases expand too far (over ${MAX_ALIAS_COUNT} alias uses: a "billion laughs" document?)`
          : message,
      },
    ]);
  }
}

export function parseConfig(text: string, file: string, absPath = path.resolve(file)): LoadedConfig {
  const lines = new LineCounter();
  // Merge keys (`<<: *defaults`) are common in CI YAML: supported, so they never turn into a key "<<".
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const p = lines.linePos(e.pos[0]);
        return { line: p.line, col: p.col, path: '(yaml)', message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  const data = toData(doc, file);
  if (data === null || data === undefined) {
    throw new ConfigError(file, [{ line: 1, col: 1, path: TOP_LEVEL, message: 'the file is empty' }]);
  }
  const map = new SourceMap(doc, lines);
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(file, formatIssues(parsed.error.issues, data, configSchema, map));

  const issues: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  parsed.data.benchmarks.forEach((b, i) => {
    const first = seen.get(b.name);
    if (first !== undefined) {
      const at = map.position(['benchmarks', i, 'name']);
      issues.push({
        ...at,
        path: issuePath(['benchmarks', i, 'name']),
        message: `duplicate benchmark name "${b.name}" (first used by benchmarks[${first}])`,
      });
    } else seen.set(b.name, i);
  });
  if (issues.length > 0) throw new ConfigError(file, issues);

  return {
    path: file,
    absPath,
    dir: path.dirname(absPath),
    text,
    config: parsed.data,
    hash: stableHash(parsed.data),
  };
}
