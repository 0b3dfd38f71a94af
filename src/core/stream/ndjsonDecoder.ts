// Splits a byte stream into lines. Splitting happens on the 0x0A byte before any UTF-8 decoding, and 0x0A never
// occurs inside a multi-byte UTF-8 sequence, so chunk boundaries inside a character are harmless.

export type DecodedLine =
  | { kind: 'line'; text: string; bytes: number }
  /** A line longer than the limit: its bytes were dropped as they came, so memory stays bounded. */
  | { kind: 'tooLong'; limit: number; bytesSeen: number };

export class NdjsonDecoder {
  private parts: Buffer[] = [];
  private pendingBytes = 0;
  /** Inside an oversized line: drop bytes until its newline. */
  private skipping = false;

  constructor(private readonly maxLineBytes: number) {}

  /** Feeds a chunk; returns the lines it completed, in order. Lines after an oversized one are still delivered. */
  push(chunk: Buffer): DecodedLine[] {
    const out: DecodedLine[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl === -1) break;
      this.finishLine(chunk, start, nl, out);
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start), out);
    return out;
  }

  /** Flushes a last unterminated line (the CLI ends every line with \n, so this only matters when it dies mid-line). */
  end(): DecodedLine[] {
    const out: DecodedLine[] = [];
    if (this.pendingBytes > 0 && !this.skipping) {
      const buf = Buffer.concat(this.parts, this.pendingBytes);
      pushText(buf, 0, buf.length, out);
    }
    this.reset();
    return out;
  }

  private finishLine(chunk: Buffer, start: number, end: number, out: DecodedLine[]): void {
    if (this.skipping) {
      this.reset();
      return;
    }
    const total = this.pendingBytes + end - start;
    if (total > this.maxLineBytes) {
      out.push({ kind: 'tooLong', limit: this.maxLineBytes, bytesSeen: total });
      this.reset();
      return;
    }
    if (this.pendingBytes === 0) {
      pushText(chunk, start, end, out);
      return;
    }
    this.parts.push(chunk.subarray(start, end));
    const buf = Buffer.concat(this.parts, total);
    this.reset();
    pushText(buf, 0, buf.length, out);
  }

  private keep(rest: Buffer, out: DecodedLine[]): void {
    if (this.skipping) return;
    const total = this.pendingBytes + rest.length;
    if (total > this.maxLineBytes) {
      out.push({ kind: 'tooLong', limit: this.maxLineBytes, bytesSeen: total });
      this.parts = [];
      this.pendingBytes = 0;
      this.skipping = true;
      return;
    }
    // Copy: the stream may reuse the chunk's memory once we return.
    this.parts.push(Buffer.from(rest));
    this.pendingBytes = total;
  }

  private reset(): void {
    this.parts = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }
}

function pushText(buf: Buffer, start: number, end: number, out: DecodedLine[]): void {
  let e = end;
  if (e > start && buf[e - 1] === 0x0d) e--; // tolerate CRLF
  if (e === start) return;
  const text = buf.toString('utf8', start, e);
  if (text.trim().length === 0) return;
  out.push({ kind: 'line', text, bytes: end - start });
}
