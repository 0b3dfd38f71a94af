import { ChildProcess, spawn as nodeSpawn, SpawnOptions } from 'node:child_process';
import { ControlChannel } from '../control/controlChannel';
import { StdinWriter, UserImage, userMessageLine } from '../control/stdinWriter';
import { CliMessage, ResultMessage } from '../stream/cliMessages';
import { MessageRouter } from '../stream/messageRouter';
import { NdjsonDecoder } from '../stream/ndjsonDecoder';
import { parseCliLine } from '../stream/parseCliMessage';
import { DisposableStore } from '../util/disposable';
import { Emitter } from '../util/emitter';
import { Logger } from '../util/logger';
import { ProcessState, ProcessStateMachine, StateChange } from './processState';
import { readRss, StallDetector, TailBuffer } from './processHealth';
import { stopProcessTree, StopTimings } from './stopProcessTree';
import { defaultProcessTree, ProcessTree } from './processTree';

export type Spawner = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface CliProcessOptions {
  binary: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** The value of the marker variable in env (childEnv.ts), used to find the whole tree. */
  marker: string;
  maxLineBytes: number;
  stallMs: number;
  logger: Logger;
  spawner?: Spawner;
  tree?: ProcessTree;
  stopTimings?: Partial<StopTimings>;
}

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null; expected: boolean; stderrTail: string };

/** A stream problem: the session goes on after a malformed line, but not after an oversized one. */
export type StreamProblem = { kind: 'malformedLine'; detail: string; sample: string } | { kind: 'lineTooLong'; limit: number; bytesSeen: number };

export interface SpawnFailure {
  code?: string;
  message: string;
}

/**
 * One Claude CLI process in stream-json mode: spawns it (argument array, no shell, own process group), decodes its
 * stdout into typed messages, speaks the control protocol, tracks its lifecycle and health, and stops its whole tree.
 */
export class CliProcess {
  readonly router: MessageRouter;
  readonly control: ControlChannel;
  readonly spawnedAt = Date.now();
  private readonly child: ChildProcess;
  private readonly writer: StdinWriter;
  private readonly machine = new ProcessStateMachine();
  private readonly stderr = new TailBuffer();
  private readonly disposables = new DisposableStore();
  private readonly stall: StallDetector;
  private readonly tree: ProcessTree;
  private readonly runningTools = new Set<string>();
  private exit: ExitInfo | undefined;
  private readonly exited: Promise<ExitInfo>;
  private stopping: Promise<ExitInfo> | undefined;
  private spawnError: SpawnFailure | undefined;
  private readonly spawned: Promise<void>;
  turns = 0;

  private readonly streamProblem = new Emitter<StreamProblem>();
  private readonly stalled = new Emitter<number>();
  private readonly exitEmitter = new Emitter<ExitInfo>();
  readonly onStateChange = this.machine.onChange;
  readonly onStreamProblem = this.streamProblem.event;
  readonly onStall = this.stalled.event;
  readonly onExit = this.exitEmitter.event;

  constructor(private readonly options: CliProcessOptions) {
    this.tree = options.tree ?? defaultProcessTree();
    this.router = new MessageRouter({ onHandlerError: (err) => options.logger.error(`Message handler failed: ${String(err)}`) });
    const spawner = options.spawner ?? nodeSpawn;
    this.child = spawner(options.binary, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so the group (the CLI and its stdio MCP servers) can be signalled at once.
      detached: process.platform !== 'win32',
      windowsHide: true,
      shell: false,
    });
    this.spawned = new Promise<void>((resolve, reject) => {
      this.child.once('spawn', () => resolve());
      this.child.once('error', reject);
    });
    this.spawned.catch(() => undefined);
    this.writer = new StdinWriter(this.child.stdin!);
    this.control = new ControlChannel(this.writer, this.router, options.logger);
    this.stall = new StallDetector(
      options.stallMs,
      () => this.runningTools.size > 0 || this.control.pendingPermissions.length > 0,
      (ms) => this.stalled.fire(ms),
    );
    this.exited = new Promise((resolve) => this.exitEmitter.event(resolve));
    this.wireStreams();
    this.disposables.add(this.router.on('result', (m) => this.onResult(m)));
    this.disposables.add(this.router.onAny((m) => this.trackTools(m)));
    this.disposables.add(this.router.onPressure((pause) => (pause ? this.child.stdout?.pause() : this.child.stdout?.resume())));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }
  get state(): ProcessState {
    return this.machine.state;
  }
  get stderrTail(): string {
    return this.stderr.value;
  }
  get exitInfo(): ExitInfo | undefined {
    return this.exit;
  }
  get failedToSpawn(): SpawnFailure | undefined {
    return this.spawnError;
  }
  /** Resolves once the OS started the process; rejects with the spawn error (ENOENT, EACCES, EMFILE…). */
  whenSpawned(): Promise<void> {
    return this.spawned;
  }
  get whenExited(): Promise<ExitInfo> {
    return this.exited;
  }

  /** Sends `initialize` and waits for the CLI to answer: after this the process is warm (~0.5 s after spawn). */
  async initialize(timeoutMs = 30_000): Promise<Record<string, unknown>> {
    const response = await this.control.request('initialize', {}, timeoutMs);
    this.machine.moveTo('ready', 'initialized');
    return response;
  }

  /** Sends a user prompt. The turn ends with a `result` message (the state returns to idle). */
  async send(text: string, images: readonly UserImage[] = [], uuid?: string): Promise<void> {
    if (this.machine.isTerminal || this.state === 'stopping') throw new Error(`Cannot send: the Claude process is ${this.state}.`);
    this.machine.moveTo('busy', 'prompt sent');
    this.stall.start();
    await this.writer.write(userMessageLine(text, images, uuid));
  }

  async interrupt(timeoutMs = 5000): Promise<void> {
    this.control.cancelPermissions();
    await this.control.request('interrupt', {}, timeoutMs);
  }

  async setModel(model: string | undefined): Promise<void> {
    await this.control.request('set_model', model ? { model } : {});
  }

  async setPermissionMode(mode: string): Promise<void> {
    await this.control.request('set_permission_mode', { mode });
  }

  rss(): Promise<number | undefined> {
    return this.pid && !this.exit ? readRss(this.pid) : Promise.resolve(undefined);
  }

  /** End stdin → grace → SIGTERM → SIGKILL, for the whole tree, each step bounded. Safe to call twice. */
  /** `force`: the process cannot answer (stalled, frozen, flooding): skip the interrupt and the grace period. */
  stop(reason = 'stopped', options: { force?: boolean } = {}): Promise<ExitInfo> {
    if (this.stopping) return this.stopping;
    // Any turn in progress, not only a tool: a streamed reply also runs on after EOF, until SIGTERM (exit 143).
    const midTurn = this.state === 'busy' || this.runningTools.size + this.control.pendingPermissions.length > 0;
    this.machine.moveTo('stopping', reason);
    this.stopping = (async () => {
      if (this.state === 'stopping' && midTurn && !options.force) {
        // Ending stdin mid-turn lets the turn run on; ask the CLI to stop the turn first (bounded).
        await this.interrupt(1000).catch(() => undefined);
      }
      this.writer.end();
      const timings = options.force ? { ...this.options.stopTimings, graceMs: 0 } : this.options.stopTimings;
      await stopProcessTree({ pid: this.pid, marker: this.options.marker, tree: this.tree, exited: this.exited, isExited: () => !!this.exit, timings });
      return this.exited;
    })();
    return this.stopping;
  }

  dispose(): void {
    void this.stop('disposed');
  }

  private wireStreams(): void {
    const decoder = new NdjsonDecoder(this.options.maxLineBytes);
    const out = this.child.stdout!;
    out.on('data', (chunk: Buffer) => {
      this.stall.activity();
      for (const line of decoder.push(chunk)) this.handleLine(line);
    });
    out.on('end', () => {
      for (const line of decoder.end()) this.handleLine(line);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr.append(chunk);
      this.options.logger.debug(`[claude stderr] ${chunk.toString().trimEnd()}`);
    });
    this.child.on('error', (err: NodeJS.ErrnoException) => {
      // spawn failures (ENOENT, EACCES, EMFILE) arrive here, with no exit event after them.
      this.spawnError = { code: err.code, message: err.message };
      this.options.logger.error(`Claude process error: ${err.message}`);
      if (!this.child.pid) this.finish(null, null);
    });
    this.child.on('exit', (code, signal) => this.finish(code, signal));
  }

  private handleLine(line: ReturnType<NdjsonDecoder['push']>[number]): void {
    if (line.kind === 'tooLong') {
      this.streamProblem.fire({ kind: 'lineTooLong', limit: line.limit, bytesSeen: line.bytesSeen });
      return;
    }
    this.options.logger.trace(`[claude stdout] ${line.text.length > 2000 ? line.text.slice(0, 2000) + '…' : line.text}`);
    const parsed = parseCliLine(line.text);
    if (!parsed.ok) {
      this.options.logger.warn(`Malformed line from the Claude CLI (${parsed.error}): ${line.text.slice(0, 200)}`);
      this.streamProblem.fire({ kind: 'malformedLine', detail: parsed.error, sample: line.text.slice(0, 200) });
      return;
    }
    this.router.dispatch(parsed.message);
  }

  private onResult(_m: ResultMessage): void {
    this.turns++;
    this.runningTools.clear();
    this.stall.stop();
    this.machine.moveTo('idle', 'turn ended');
  }

  private trackTools(m: CliMessage): void {
    if (m.type === 'assistant') {
      for (const block of m.message.content) if (block.type === 'tool_use' && typeof block.id === 'string') this.runningTools.add(block.id);
    } else if (m.type === 'user' && Array.isArray(m.message.content)) {
      for (const block of m.message.content) if (block.type === 'tool_result') this.runningTools.delete(String(block.tool_use_id));
    }
  }

  private finish(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exit) return;
    const expected = this.state === 'stopping';
    this.exit = { code, signal, expected, stderrTail: this.stderr.value };
    this.stall.stop();
    this.control.close();
    const clean = expected || (code === 0 && this.state !== 'busy');
    this.machine.moveTo(clean ? 'exited' : 'failed', signal ? `signal ${signal}` : `exit code ${code}`);
    this.exitEmitter.fire(this.exit);
    // The CLI is gone but its Bash tool's process groups may not be: sweep the marker (processTree.ts).
    if (!expected) void stopProcessTree({ pid: undefined, marker: this.options.marker, tree: this.tree, exited: this.exited, isExited: () => true, timings: this.options.stopTimings });
  }
}

export type { StateChange };
