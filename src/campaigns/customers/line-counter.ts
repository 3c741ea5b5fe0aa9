/**
 * Physical line numbers for CSV records. csv-parse's own `info.lines` counts a CRLF inside a quoted field as
 * two lines, so we count from its byte offsets instead: the chunks are kept until every record in them has been
 * numbered, then dropped, so memory stays bounded by what the parser has buffered.
 */
const CR = 0x0d;
const LF = 0x0a;

export class LineCounter {
  private chunks: Buffer[] = [];
  /** Absolute byte offset of chunks[0][0]. */
  private chunkStart = 0;
  /** Absolute byte offset of the next byte to scan. */
  private cursor = 0;
  private breaks = 0;
  /** A CR was the last byte scanned: a line break unless an LF follows (CRLF counts once). */
  private pendingCr = false;

  /** Records a chunk exactly as it is handed to the parser. */
  push(chunk: Buffer): void {
    if (chunk.length > 0) this.chunks.push(chunk);
  }

  /**
   * Scans up to the absolute byte offset `end` (where a record ends, as csv-parse's `info.bytes` says) and
   * returns the line the record starts on: blank lines before it are skipped, as the parser skips them.
   */
  recordStartLine(end: number): number {
    let start: number | null = null;
    while (this.cursor < end) {
      const chunk = this.chunks[0];
      if (chunk === undefined) break;
      const to = Math.min(chunk.length, end - this.chunkStart);
      for (let i = this.cursor - this.chunkStart; i < to; i++) {
        const byte = chunk[i] as number;
        if (start === null && byte !== CR && byte !== LF) start = this.line();
        this.scan(byte);
      }
      this.cursor = this.chunkStart + to;
      if (to < chunk.length) break;
      this.chunkStart += chunk.length;
      this.chunks.shift();
    }
    return start ?? this.line();
  }

  /** The line at the end of the last numbered record: where the next record starts. */
  currentLine(): number {
    return this.line();
  }

  private line(): number {
    return this.breaks + (this.pendingCr ? 1 : 0) + 1;
  }

  private scan(byte: number): void {
    if (byte === LF) {
      this.breaks++;
      this.pendingCr = false;
    } else if (byte === CR) {
      if (this.pendingCr) this.breaks++;
      this.pendingCr = true;
    } else if (this.pendingCr) {
      this.breaks++;
      this.pendingCr = false;
    }
  }
}
