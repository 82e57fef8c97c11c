// JSON.stringify(value, null, 2) as a sequence of pieces: a comparison of 100,000 configs is more
// than the longest string V8 can build (about 512 MiB), so large documents are written piece by
// piece. The text is the same as JSON.stringify's, byte for byte.

/** Objects and arrays nested deeper than this are stringified whole (they are small). */
const WALK_DEPTH = 3;

export function* jsonChunks(value: unknown, indent = '', depth = 0): Generator<string> {
  if (depth >= WALK_DEPTH || value === null || typeof value !== 'object') {
    yield reindent(JSON.stringify(value, null, 2) ?? 'null', indent);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[\n';
    for (const [i, item] of value.entries()) {
      yield inner;
      // As JSON.stringify: undefined and functions in arrays become null.
      yield* jsonChunks(item === undefined || typeof item === 'function' ? null : item, inner, depth + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    return yield `${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) return yield '{}';
  yield '{\n';
  for (const [i, [key, item]] of entries.entries()) {
    yield `${inner}${JSON.stringify(key)}: `;
    yield* jsonChunks(item, inner, depth + 1);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}}`;
}

function reindent(text: string, indent: string): string {
  return indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}

/** The pieces joined into chunks of about `size` characters (fewer, larger writes). */
export function* batched(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    parts.push(piece);
    length += piece.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}
