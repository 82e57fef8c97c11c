// Turns zod issues into messages that name file:line:col, the path in the config, what was expected
// and what was found. Unknown keys get a did-you-mean from the keys the schema allows at that place.
import type { z } from 'zod';
import { didYouMean } from '../util/didYouMean.js';
import { issuePath } from '../util/zodIssues.js';
import type { SourceMap } from './sourceMap.js';

export interface ConfigIssue {
  readonly line: number;
  readonly col: number;
  /** Path in the config (util/zodIssues' style), e.g. benchmarks[1].options.provider */
  readonly path: string;
  readonly message: string;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

type AnySchema = z.core.$ZodType;

/** The object keys a schema allows at `path`, following the data through unions by discriminator. */
function allowedKeysAt(schema: AnySchema, path: readonly PropertyKey[], data: unknown): string[] {
  let cur: AnySchema | undefined = schema;
  let value: unknown = data;
  const step = (s: AnySchema, v: unknown): AnySchema => {
    // Unwrap wrappers (optional, default, prefault, pipe) to the schema that holds the shape.
    let inner = s;
    for (;;) {
      const def = inner._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema; options?: AnySchema[] };
      if (def.innerType) inner = def.innerType;
      else if (def.type === 'pipe' && def.in) inner = def.in;
      else if (def.type === 'union' && def.options) {
        const disc = (def as { discriminator?: string }).discriminator;
        const found = def.options.find((o) => {
          const shape = (o._zod.def as { shape?: Record<string, AnySchema> }).shape;
          if (!shape || !disc || !v || typeof v !== 'object') return false;
          const lit = shape[disc]?._zod.def as { values?: unknown[] } | undefined;
          return lit?.values?.includes((v as Record<string, unknown>)[disc]) ?? false;
        });
        if (!found) return inner;
        inner = found;
      } else return inner;
    }
  };
  for (const p of path) {
    if (!cur) return [];
    cur = step(cur, value);
    const def = cur._zod.def as {
      type: string;
      shape?: Record<string, AnySchema>;
      element?: AnySchema;
      valueType?: AnySchema;
    };
    if (def.type === 'object' && def.shape) cur = def.shape[String(p)];
    else if (def.type === 'array') cur = def.element;
    else if (def.type === 'record') cur = def.valueType;
    else return [];
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[p] : undefined;
  }
  if (!cur) return [];
  cur = step(cur, value);
  const def = cur._zod.def as { type: string; shape?: Record<string, AnySchema>; keyType?: AnySchema };
  if (def.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def.type === 'record' && def.keyType) {
    const keys = (def.keyType._zod.def as { entries?: Record<string, string> }).entries;
    return keys ? Object.values(keys) : [];
  }
  return [];
}

export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  schema: AnySchema,
  map: SourceMap,
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, issue.path, data);
      for (const key of issue.keys) {
        const pos = map.keyPosition([...issue.path, key]);
        const hint = didYouMean(key, allowed);
        out.push({
          ...pos,
          path: issuePath([...issue.path, key]),
          message:
            `unknown key "${key}"` +
            (hint ? ` (did you mean "${hint}"?)` : allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}` : ''),
        });
      }
      continue;
    }
    if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
      const disc = (issue as { discriminator?: string }).discriminator ?? 'engine';
      // zod puts the discriminator itself at the end of the path; the union sits at the parent.
      const unionPath = issue.path[issue.path.length - 1] === disc ? issue.path.slice(0, -1) : issue.path;
      const found = valueAt(data, [...unionPath, disc]);
      const pos = map.position([...unionPath, disc]);
      const options = allowedDiscriminatorValues(schema, unionPath);
      const hint = typeof found === 'string' ? didYouMean(found, options) : undefined;
      out.push({
        ...pos,
        path: issuePath([...unionPath, disc]),
        message:
          `expected one of ${options.map((o) => `"${o}"`).join(', ')}, found ${describe(found)}` +
          (hint ? ` (did you mean "${hint}"?)` : ''),
      });
      continue;
    }
    const found = valueAt(data, issue.path);
    const pos = map.position(issue.path);
    let message: string;
    if (found === undefined && issue.code === 'invalid_type') message = `required: expected ${issue.expected}`;
    else if (issue.code === 'invalid_value')
      message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describe(found)}`;
    else if (issue.code === 'invalid_type') message = `expected ${issue.expected}, found ${describe(found)}`;
    else message = `${issue.message}, found ${describe(found)}`;
    out.push({ ...pos, path: issuePath(issue.path), message });
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

function allowedDiscriminatorValues(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let cur: AnySchema | undefined = schema;
  for (const p of path) {
    let def = cur?._zod.def as { innerType?: AnySchema; shape?: Record<string, AnySchema>; element?: AnySchema };
    while (def?.innerType) def = def.innerType._zod.def as typeof def;
    cur = typeof p === 'number' ? def?.element : def?.shape?.[String(p)];
  }
  let def = cur?._zod.def as { innerType?: AnySchema; options?: AnySchema[]; discriminator?: string } | undefined;
  while (def?.innerType) def = def.innerType._zod.def as typeof def;
  const disc = def?.discriminator;
  if (!def?.options || !disc) return [];
  return def.options.flatMap((o) => {
    const shape = (o._zod.def as { shape?: Record<string, AnySchema> }).shape;
    return ((shape?.[disc]?._zod.def as { values?: unknown[] } | undefined)?.values ?? []).map(String);
  });
}
