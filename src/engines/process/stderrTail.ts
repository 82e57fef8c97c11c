// Keeps the last lines of a stream so a failed subprocess can be reported with its own words,
// without holding an unbounded log in memory.
export const DEFAULT_TAIL_LINES = 40;
/** A single runaway line (e.g. a progress bar without newlines) must not grow without bound. */
const MAX_LINE_CHARS = 2000;

export class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines: number = DEFAULT_TAIL_LINES) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = clip(parts.pop() ?? '');
    for (const line of parts) this.add(line);
  }

  /** The last lines (including an unterminated last line), joined with newlines. */
  text(): string {
    const all = this.partial === '' ? this.lines : [...this.lines, this.partial];
    return all.slice(-this.maxLines).join('\n');
  }

  private add(line: string): void {
    this.lines.push(clip(line));
    if (this.lines.length > this.maxLines) this.lines.shift();
  }
}

function clip(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
}
