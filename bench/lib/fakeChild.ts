/**
 * An in-process stand-in for the CLI child process, handed to our SessionManager through LaunchContext.spawner, so the
 * host-side path (decoder → router → session → transcript reducer → outbox) can be measured without the CLI's own
 * timing in the way. It answers `initialize`, reports each user line to the benchmark, and prints whatever the
 * benchmark writes to its stdout. It has no pid: the core's stop logic then signals nothing real.
 */
import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import type { LaunchContext } from '../../src/core/session/processLauncher';
import type { CliEnvironment } from '../../src/core/session/cliEnvironment';
import { featuresFor, parseVersion } from '../../src/core/process/versionAdapter';
import { nullLogger } from '../../src/core/util/logger';

export class FakeChild extends EventEmitter {
  readonly stdout = new PassThrough({ highWaterMark: 64 * 1024 });
  readonly stderr = new PassThrough();
  readonly stdin: Writable;
  readonly pid = undefined;
  exitCode: number | null = null;
  private buffered = '';
  private exited = false;

  constructor(private readonly onUser: (child: FakeChild, line: Record<string, unknown>) => void) {
    super();
    this.stdin = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        this.buffered += chunk.toString('utf8');
        let nl: number;
        while ((nl = this.buffered.indexOf('\n')) >= 0) {
          const line = this.buffered.slice(0, nl);
          this.buffered = this.buffered.slice(nl + 1);
          if (line.trim()) this.onLine(JSON.parse(line) as Record<string, unknown>);
        }
        cb();
      },
      final: (cb) => {
        cb();
        this.exit(0);
      },
    });
    setImmediate(() => this.emit('spawn'));
  }

  /** Prints lines (each a JSON string) on stdout as one chunk. */
  print(lines: readonly string[]): boolean {
    return this.stdout.write(lines.join('\n') + '\n');
  }

  /** Prints lines in 64 KiB chunks, as a pipe delivers them, waiting for the reader when the stream is full. */
  async printChunked(lines: readonly string[], afterChunk?: () => void): Promise<void> {
    let chunk: string[] = [];
    let size = 0;
    for (const line of lines) {
      chunk.push(line);
      size += line.length + 1;
      if (size < 65536) continue;
      if (!this.print(chunk)) await new Promise((r) => this.stdout.once('drain', r));
      afterChunk?.();
      chunk = [];
      size = 0;
    }
    if (chunk.length) this.print(chunk);
    afterChunk?.();
  }

  kill(): boolean {
    this.exit(null, 'SIGTERM');
    return true;
  }

  private onLine(m: Record<string, unknown>): void {
    if (m.type === 'control_request') {
      const req = m.request as { subtype?: string };
      const response = req.subtype === 'initialize' ? { commands: [], agents: [], models: [], pid: 0 } : {};
      this.print([JSON.stringify({ type: 'control_response', response: { subtype: 'success', request_id: m.request_id, response } })]);
    } else if (m.type === 'user') {
      this.onUser(this, m);
    }
  }

  private exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.exited) return;
    this.exited = true;
    this.exitCode = code;
    this.stdout.end();
    this.stderr.end();
    setImmediate(() => {
      this.emit('exit', code, signal);
      this.emit('close', code, signal);
    });
  }
}

/** A LaunchContext whose processes are FakeChild instances; `onUser` sees every user line and its child. */
export function fakeLaunchContext(onUser: (child: FakeChild, line: Record<string, unknown>) => void): LaunchContext & { children: FakeChild[] } {
  const children: FakeChild[] = [];
  const version = parseVersion('2.1.197');
  if (!version) throw new Error('version');
  const env: CliEnvironment = { binary: '/nonexistent/fake-claude', source: 'bench', features: featuresFor(version) };
  return {
    children,
    cli: () => Promise.resolve(env),
    credential: () => Promise.resolve(undefined),
    extraEnv: () => ({}),
    baseEnv: { PATH: process.env.PATH },
    maxLineBytes: () => 32 * 1024 * 1024,
    stallMs: () => 300_000,
    logger: nullLogger,
    spawner: () => {
      const c = new FakeChild(onUser);
      children.push(c);
      return c as unknown as ChildProcess;
    },
    tree: { find: () => Promise.resolve([]), signal: () => undefined },
  };
}
