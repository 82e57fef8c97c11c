// A small flag parser: `--name value`, `--name=value`, boolean `--flag`, and list flags that take
// every following value up to the next flag (`--baseline a.json b.json c.json`).
import { didYouMean } from '../util/didYouMean.js';
import { UsageError } from './context.js';

export interface FlagSpec {
  readonly type: 'string' | 'boolean' | 'list';
  readonly short?: string;
}

export type ParsedFlags<S extends Record<string, FlagSpec>> = {
  [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : S[K]['type'] extends 'list' ? string[] : string;
};

export function parseArgs<S extends Record<string, FlagSpec>>(
  command: string,
  args: readonly string[],
  spec: S,
): ParsedFlags<S> {
  const out: Record<string, unknown> = {};
  const shorts = new Map(Object.entries(spec).flatMap(([k, v]) => (v.short ? [[v.short, k] as const] : [])));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else if (/^-[a-zA-Z]$/.test(arg)) {
      name = shorts.get(arg.slice(1));
      if (!name) throw new UsageError(`${command}: unknown option ${arg}`);
    } else {
      throw new UsageError(`${command}: unexpected argument "${arg}" (options start with --)`);
    }
    const def = spec[name];
    if (!def) {
      const hint = didYouMean(name, Object.keys(spec));
      throw new UsageError(`${command}: unknown option --${name}${hint ? ` (did you mean --${hint}?)` : ''}`);
    }
    if (def.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${command}: --${name} takes no value`);
      out[name] = true;
    } else if (def.type === 'string') {
      const value = inline ?? args[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--')))
        throw new UsageError(`${command}: --${name} needs a value`);
      out[name] = value;
    } else {
      const list = (out[name] as string[] | undefined) ?? [];
      if (inline !== undefined) list.push(inline);
      while (i + 1 < args.length && !args[i + 1]!.startsWith('-')) list.push(args[++i]!);
      if (list.length === 0) throw new UsageError(`${command}: --${name} needs at least one value`);
      out[name] = list;
    }
  }
  return out as ParsedFlags<S>;
}
