// Keeps the last characters of a stream, so a failed child can be reported in its own words without
// holding its whole output. Memory stays near `maxChars` however much the child prints.

export const DEFAULT_TAIL_CHARS = 8192;

export class StreamTail {
  private chunks: string[] = [];
  private head = 0;
  private length = 0;
  private total = 0;

  constructor(private readonly maxChars: number = DEFAULT_TAIL_CHARS) {}

  /** Characters that fell off the front. */
  get omittedChars(): number {
    return this.total - Math.min(this.length, this.maxChars);
  }

  push(chunk: string): void {
    this.total += chunk.length;
    if (chunk.length === 0 || this.maxChars <= 0) return;
    if (chunk.length >= this.maxChars) {
      this.chunks = [chunk.slice(-this.maxChars)];
      this.head = 0;
      this.length = this.maxChars;
      return;
    }
    this.chunks.push(chunk);
    this.length += chunk.length;
    while (this.length - this.chunks[this.head]!.length >= this.maxChars) {
      this.length -= this.chunks[this.head]!.length;
      this.head += 1;
    }
    // Compact now and then, so the array does not grow with the stream.
    if (this.head > 64 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * The kept text: starts at a line boundary when the front was cut, shows each line as a terminal
   * would (the part after its last `\r`), and has no trailing newline.
   */
  text(): string {
    let text = this.chunks.slice(this.head).join('').slice(-this.maxChars);
    if (this.omittedChars > 0) {
      const nl = text.indexOf('\n');
      if (nl >= 0 && nl < text.length - 1) text = text.slice(nl + 1);
    }
    return text
      .replace(/\r\n/g, '\n')
      .split('\n')
      .map((line) => line.slice(line.lastIndexOf('\r') + 1))
      .join('\n')
      .replace(/\n+$/, '');
  }
}
