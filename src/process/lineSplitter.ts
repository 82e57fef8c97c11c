// Splits a text stream into lines in linear time with bounded memory. A child that prints 200 MB
// without a newline (a token stream, a `\r` progress bar) must neither be re-scanned on every chunk
// nor be held whole: only the first `maxLineChars` of a line are kept, the rest is counted.

/** Longest line handed on; the JSON-lines protocols of the engines stay far below it. */
export const DEFAULT_MAX_LINE_CHARS = 1 << 20;

/** `\n`, `\r\n`, or a lone `\r` (a progress bar redrawing its line) ends a line. */
const LINE_END = /\r\n|\r|\n/g;

export class LineSplitter {
  private parts: string[] = [];
  private kept = 0;
  private afterCR = false;
  /** Characters dropped from over-long lines, for messages. */
  clippedChars = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineChars: number = DEFAULT_MAX_LINE_CHARS,
  ) {}

  push(chunk: string): void {
    // A `\r\n` split across chunks: the `\n` ends nothing new.
    let start = this.afterCR && chunk.startsWith('\n') ? 1 : 0;
    this.afterCR = false;
    LINE_END.lastIndex = start;
    for (let m = LINE_END.exec(chunk); m !== null; m = LINE_END.exec(chunk)) {
      this.keep(chunk, start, m.index);
      this.emit();
      start = m.index + m[0].length;
      if (m[0] === '\r' && start === chunk.length) this.afterCR = true;
    }
    this.keep(chunk, start, chunk.length);
  }

  /** Hands on an unterminated last line (at the end of the stream). */
  flush(): void {
    if (this.kept > 0 || this.parts.length > 0) this.emit();
  }

  private keep(chunk: string, from: number, to: number): void {
    if (to <= from) return;
    const room = this.maxLineChars - this.kept;
    const take = Math.min(room, to - from);
    if (take > 0) {
      this.parts.push(chunk.slice(from, from + take));
      this.kept += take;
    }
    this.clippedChars += to - from - Math.max(take, 0);
  }

  private emit(): void {
    const line = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.kept = 0;
    this.onLine(line);
  }
}
