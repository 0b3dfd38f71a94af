import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';

/** Keeps the last `limit` bytes of stderr for error reports. */
export class TailBuffer {
  private text = '';
  constructor(private readonly limit = 8 * 1024) {}

  append(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > this.limit) this.text = this.text.slice(this.text.length - this.limit);
  }

  get value(): string {
    return this.text;
  }
}

/** Resident set size in bytes, or undefined when it cannot be read (process gone). */
export async function readRss(pid: number): Promise<number | undefined> {
  if (process.platform === 'linux') {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : undefined;
  }
  if (process.platform === 'win32') return undefined;
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], { timeout: 3000 }, (err, stdout) => {
      const kb = Number(String(stdout).trim());
      resolve(err || !kb ? undefined : kb * 1024);
    });
  });
}

/**
 * Reports a busy process that printed nothing for `stallMs`, unless it is legitimately quiet: a tool is running (a
 * long Bash command prints nothing) or a permission request is waiting for the person.
 */
export class StallDetector {
  private timer: NodeJS.Timeout | undefined;
  private lastActivity: number;
  private reported = false;

  constructor(
    private readonly stallMs: number,
    private readonly isQuietAllowed: () => boolean,
    private readonly onStall: (silentForMs: number) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.lastActivity = now();
  }

  activity(): void {
    this.lastActivity = this.now();
    this.reported = false;
  }

  start(): void {
    this.activity();
    if (this.timer) return;
    const every = Math.max(50, Math.min(5000, Math.floor(this.stallMs / 4)));
    this.timer = setInterval(() => this.check(), every);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  check(): void {
    const silent = this.now() - this.lastActivity;
    if (this.reported || silent < this.stallMs) return;
    if (this.isQuietAllowed()) {
      this.activity();
      return;
    }
    this.reported = true;
    this.onStall(silent);
  }
}
