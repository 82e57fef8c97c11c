// Reads perf-gate.yml: YAML with positions, then zod. Every problem is reported at once, each as
// file:line:col, the path in the config, what was expected and what was found.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { stableHash } from '../util/hash.js';
import { formatIssues, formatPath, type ConfigIssue } from './formatIssues.js';
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

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `${file}: invalid config (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues
          .map((i) =>
            i.line > 0 ? `  ${file}:${i.line}:${i.col}: ${i.path}: ${i.message}` : `  ${file}: ${i.message}`,
          )
          .join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export async function loadConfig(file: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const absPath = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(absPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : String(err);
    throw new ConfigError(file, [{ line: 0, col: 0, path: '(file)', message: why }]);
  }
  return parseConfig(text, file, absPath);
}

export function parseConfig(text: string, file: string, absPath = path.resolve(file)): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const p = lines.linePos(e.pos[0]);
        return { line: p.line, col: p.col, path: '(yaml)', message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) {
    throw new ConfigError(file, [{ line: 1, col: 1, path: '(top level)', message: 'the file is empty' }]);
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
        path: formatPath(['benchmarks', i, 'name']),
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
