import { Writable } from 'node:stream';

export class StdinClosedError extends Error {
  constructor() {
    super('The Claude process is no longer accepting input.');
    this.name = 'StdinClosedError';
  }
}

/**
 * Writes one JSON object per line to the CLI's stdin, in order, honouring backpressure. stdin stays open for the whole
 * session: closing it ends the CLI (after the current turn). A malformed line kills the CLI (exit 1), so only objects
 * are accepted and serialisation happens here, never by string concatenation.
 */
export class StdinWriter {
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly stdin: Writable) {
    stdin.on('error', () => {
      this.closed = true;
    });
    stdin.on('close', () => {
      this.closed = true;
    });
  }

  get isClosed(): boolean {
    return this.closed || this.stdin.destroyed || this.stdin.writableEnded;
  }

  write(message: Record<string, unknown>): Promise<void> {
    const line = JSON.stringify(message) + '\n';
    const next = this.chain.then(() => this.writeLine(line));
    // Keep the chain alive after a failure so later writes report their own error.
    this.chain = next.catch(() => undefined);
    return next;
  }

  end(): void {
    if (this.isClosed) return;
    this.closed = true;
    this.stdin.end();
  }

  private writeLine(line: string): Promise<void> {
    if (this.isClosed) return Promise.reject(new StdinClosedError());
    return new Promise<void>((resolve, reject) => {
      const ok = this.stdin.write(line, (err) => {
        if (err) reject(err);
        else if (ok) resolve();
      });
      if (!ok) this.stdin.once('drain', () => resolve());
    });
  }
}

export interface UserImage {
  mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  base64: string;
}

/** The stdin line for one user prompt (text and optional images), as the CLI's stream-json input expects. */
export function userMessageLine(text: string, images: readonly UserImage[] = [], uuid?: string): Record<string, unknown> {
  const content =
    images.length === 0
      ? text
      : [
          { type: 'text', text },
          ...images.map((img) => ({ type: 'image', source: { type: 'base64', media_type: img.mediaType, data: img.base64 } })),
        ];
  const line: Record<string, unknown> = { type: 'user', message: { role: 'user', content }, parent_tool_use_id: null };
  if (uuid) line.uuid = uuid;
  return line;
}
