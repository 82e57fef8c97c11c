// Line and column of a config path in the YAML source, through the `yaml` package's node ranges.
import { isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';

export interface Position {
  readonly line: number;
  readonly col: number;
}

export class SourceMap {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  private at(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, col: p.col };
  }

  /** Position of the value at `path`, or of the nearest ancestor that exists. */
  position(path: readonly PropertyKey[]): Position {
    let node: unknown = this.doc.contents;
    let last: Position = { line: 1, col: 1 };
    if (node && (node as Node).range) last = this.at((node as Node).range![0]);
    for (const p of path) {
      const child = this.child(node, p);
      if (!child) break;
      node = child.value ?? child.key;
      const r = (node as Node | undefined)?.range ?? (child.key as Node | undefined)?.range;
      if (r) last = this.at(r[0]);
      if (!child.value) break;
    }
    return last;
  }

  /** Position of the key itself (for unknown keys), falling back to the value's position. */
  keyPosition(path: readonly PropertyKey[]): Position {
    const parent = this.nodeAt(path.slice(0, -1));
    const key = path[path.length - 1];
    if (key !== undefined && isMap(parent)) {
      const pair = parent.items.find((it) => (isScalar(it.key) ? it.key.value : it.key) === key);
      const r = (pair?.key as Node | undefined)?.range;
      if (r) return this.at(r[0]);
    }
    return this.position(path);
  }

  private nodeAt(path: readonly PropertyKey[]): unknown {
    let node: unknown = this.doc.contents;
    for (const p of path) {
      const child = this.child(node, p);
      if (!child?.value) return undefined;
      node = child.value;
    }
    return node;
  }

  private child(node: unknown, key: PropertyKey): { key?: unknown; value?: unknown } | undefined {
    if (isMap(node)) {
      const pair = node.items.find((it) => (isScalar(it.key) ? it.key.value : it.key) === key);
      return pair ? { key: pair.key, value: pair.value ?? undefined } : undefined;
    }
    if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      return item ? { value: item } : undefined;
    }
    return undefined;
  }
}
