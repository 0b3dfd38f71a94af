/**
 * Spawning the real `claude` CLI in a sandbox and reading its NDJSON stdout. Deliberately independent
 * of src/core: integration tests of the fake and of the CLI's behaviour must not depend on the code under test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Sandbox } from './sandbox';

/** The repository root (this file is test/integration/harness/claude.ts). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Absolute path of the pinned CLI: node_modules/.bin/claude resolved to the real file. */
export function claudeBinary(): string {
  return realpathSync(join(REPO_ROOT, 'node_modules', '.bin', 'claude'));
}

/** Flags for a long-lived stream-json session driven through stdin. */
export const STREAM_JSON_ARGS = ['--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose'];

/** One parsed stdout line. */
export interface CliMessage {
  type: string;
  subtype?: string;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ClaudeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Parsed stdout lines so far. */
  readonly messages: CliMessage[];
  /** stdout lines that were not JSON. */
  readonly badLines: string[];
  /** Everything written to stderr. */
  readonly stderr: () => string;
  /** Resolves when the process exited. */
  readonly exited: Promise<Exit>;
  /** Writes one JSON line to stdin. */
  send(line: object): void;
  /** Writes a `{"type":"user",…}` line with a text prompt. */
  sendUser(text: string): void;
  /** Sends an `interrupt` control_request. */
  interrupt(requestId?: string): void;
  closeStdin(): void;
  /** The first message (already seen or future) matching `pred`, after `from` messages. */
  waitFor(pred: (m: CliMessage) => boolean, timeoutMs?: number, from?: number): Promise<CliMessage>;
  /** The `nth` (1-based) `result` line. */
  waitForResult(nth?: number, timeoutMs?: number): Promise<CliMessage>;
  /** Sends `signal` (default SIGKILL) unless exited, and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
}

export interface SpawnClaudeOptions {
  /** Extra environment (see `Sandbox.env`). */
  env?: Record<string, string | undefined>;
  /** `ignore` gives the CLI /dev/null as stdin (for `-p "prompt"`, avoids its 3 s stdin wait). Default `pipe`. */
  stdin?: 'pipe' | 'ignore';
}

export function spawnClaude(sandbox: Sandbox, args: string[], opts: SpawnClaudeOptions = {}): ClaudeProcess {
  const child = spawn(claudeBinary(), args, { cwd: sandbox.cwd, env: sandbox.env(opts.env), stdio: [opts.stdin ?? 'pipe', 'pipe', 'pipe'] });
  const messages: CliMessage[] = [];
  const badLines: string[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let partial = '';
  let exit: Exit | undefined;

  const onLine = (line: string): void => {
    if (!line.trim()) return;
    try {
      messages.push(JSON.parse(line) as CliMessage);
    } catch {
      badLines.push(line);
    }
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(onLine);
    for (const w of [...waiters]) w();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin?.on('error', () => undefined); // EPIPE after the CLI exited: the exit tells the story.
  const exited = new Promise<Exit>((res) => {
    child.once('error', (err) => {
      stderr += `spawn error: ${err.message}\n`;
      exit = { code: null, signal: null };
      res(exit);
    });
    child.once('close', (code, signal) => {
      if (partial) onLine(partial);
      partial = '';
      exit = { code, signal };
      res(exit);
      for (const w of [...waiters]) w();
    });
  });

  const describe = (): string => `exit=${JSON.stringify(exit)} stderr=${JSON.stringify(stderr.slice(-500))} last lines:\n${messages.slice(-5).map((m) => JSON.stringify(m).slice(0, 300)).join('\n')}`;

  const proc: ClaudeProcess = {
    child,
    pid: child.pid ?? -1,
    messages,
    badLines,
    stderr: () => stderr,
    exited,
    send(line) {
      child.stdin?.write(`${JSON.stringify(line)}\n`);
    },
    sendUser(text) {
      proc.send({ type: 'user', message: { role: 'user', content: text } });
    },
    interrupt(requestId = `int-${Date.now()}`) {
      proc.send({ type: 'control_request', request_id: requestId, request: { subtype: 'interrupt' } });
    },
    closeStdin() {
      child.stdin?.end();
    },
    waitFor(pred, timeoutMs = 15_000, from = 0) {
      return new Promise((res, rej) => {
        const check = (): void => {
          const found = messages.slice(from).find(pred);
          if (found) done(() => res(found));
          else if (exit) done(() => rej(new Error(`claude exited before the awaited message. ${describe()}`)));
        };
        const done = (f: () => void): void => {
          waiters.delete(check);
          clearTimeout(timer);
          f();
        };
        const timer = setTimeout(() => done(() => rej(new Error(`timed out after ${timeoutMs} ms waiting for a CLI message. ${describe()}`))), timeoutMs);
        waiters.add(check);
        check();
      });
    },
    waitForResult(nth = 1, timeoutMs = 15_000) {
      return proc.waitFor((m) => m.type === 'result' && messages.filter((x) => x.type === 'result').indexOf(m) === nth - 1, timeoutMs);
    },
    async kill(signal = 'SIGKILL') {
      if (!exit) child.kill(signal);
      return exited;
    },
  };
  return proc;
}

export interface OneShot {
  messages: CliMessage[];
  result: CliMessage | undefined;
  exit: Exit;
  stderr: string;
}

/** `claude -p <prompt> --output-format stream-json --verbose [args]` with stdin closed; waits for the exit. */
export async function runClaudeOnce(sandbox: Sandbox, prompt: string, args: string[] = [], opts: Omit<SpawnClaudeOptions, 'stdin'> & { timeoutMs?: number } = {}): Promise<OneShot> {
  const proc = spawnClaude(sandbox, ['-p', prompt, '--output-format', 'stream-json', '--verbose', ...args], { ...opts, stdin: 'ignore' });
  const timer = setTimeout(() => void proc.kill('SIGKILL'), opts.timeoutMs ?? 25_000);
  const exit = await proc.exited.finally(() => clearTimeout(timer));
  return { messages: proc.messages, result: proc.messages.find((m) => m.type === 'result'), exit, stderr: proc.stderr() };
}
