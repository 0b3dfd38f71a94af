/**
 * Prototype (benchmark only) of a cheaper NdjsonDecoder for long lines: same output as src/core/stream/ndjsonDecoder.ts,
 * but the pieces of a line that spans chunks are kept as views and concatenated once, instead of being copied when
 * they arrive (`Buffer.from(rest)`) and copied again by `Buffer.concat`. That is only safe because Node hands a pipe's
 * readers a fresh Buffer per read (the reason the core copies is the general Readable contract); measured here to
 * size what the copy costs on real output with 4–10 MB lines.
 */
import type { DecodedLine } from '../../src/core/stream/ndjsonDecoder';

export class ProtoDecoder {
  private parts: Buffer[] = [];
  private pending = 0;
  private skipping = false;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): DecodedLine[] {
    const out: DecodedLine[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      if (this.skipping) {
        this.reset();
      } else if (this.pending === 0) {
        if (nl - start > this.maxLineBytes) out.push({ kind: 'tooLong', limit: this.maxLineBytes, bytesSeen: nl - start });
        else text(chunk, start, nl, out);
      } else {
        const total = this.pending + nl - start;
        if (total > this.maxLineBytes) out.push({ kind: 'tooLong', limit: this.maxLineBytes, bytesSeen: total });
        else {
          this.parts.push(chunk.subarray(start, nl));
          const buf = Buffer.concat(this.parts, total);
          text(buf, 0, buf.length, out);
        }
        this.reset();
      }
      start = nl + 1;
    }
    if (start < chunk.length && !this.skipping) {
      this.pending += chunk.length - start;
      if (this.pending > this.maxLineBytes) {
        out.push({ kind: 'tooLong', limit: this.maxLineBytes, bytesSeen: this.pending });
        this.reset();
        this.skipping = true;
      } else this.parts.push(start === 0 ? chunk : chunk.subarray(start));
    }
    return out;
  }

  private reset(): void {
    this.parts = [];
    this.pending = 0;
    this.skipping = false;
  }
}

function text(buf: Buffer, start: number, end: number, out: DecodedLine[]): void {
  let e = end;
  if (e > start && buf[e - 1] === 0x0d) e--;
  if (e === start) return;
  const s = buf.toString('utf8', start, e);
  // Whitespace-only lines: only when the line starts with whitespace (the CLI never prints them) is trim() needed.
  const c = s.charCodeAt(0);
  if ((c === 0x20 || c === 0x09) && s.trim().length === 0) return;
  out.push({ kind: 'line', text: s, bytes: end - start });
}
