import { randomUUID } from 'node:crypto';
import { PermissionMode } from '../../ids';
import { PermissionDecision, PermissionRequest } from '../control/permissions';
import { UserImage } from '../control/stdinWriter';
import { classifyExit } from '../errors/classify';
import { asCliError, CliError } from '../errors/cliError';
import { CliProcess } from '../process/cliProcess';
import { LaunchTarget } from '../process/sessionConfig';
import { CliMessage, ResultMessage } from '../stream/cliMessages';
import { DisposableStore } from '../util/disposable';
import { Emitter } from '../util/emitter';
import { MessageLog } from './messageLog';
import { PromptQueue, titleFrom } from './promptQueue';
import { PermissionBroker } from './permissionBroker';
import { watchProcessFaults } from './processFaults';
import { ConversationPoint, ConversationTip } from './conversationTip';
import { TurnTracker } from './turnTracker';
import { QueuedPrompt, SessionHandle, SessionInfo, TurnResult } from './sessionTypes';
import { SessionHost } from './sessionHost';

/**
 * One conversation with Claude: owns at most one CLI process at a time, queues prompts while a turn runs, answers
 * permission requests through the UI, and survives its process dying (the next prompt resumes the same conversation).
 */
export class Session implements SessionHandle {
  private process: CliProcess | undefined;
  private processStore = new DisposableStore();
  private readonly log = new MessageLog();
  private readonly queue = new PromptQueue(() => this.host.now());
  private tracker: TurnTracker | undefined;
  private acquiring: Promise<CliProcess> | undefined;
  /** Whether the CLI has a transcript for cliSessionId, i.e. the next process must --resume it. */
  private hasConversation: boolean;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly permissions = new PermissionBroker();

  private readonly messageEmitter = new Emitter<CliMessage>();
  private readonly infoEmitter = new Emitter<SessionInfo>();
  readonly onMessage = this.messageEmitter.event;
  readonly onInfoChange = this.infoEmitter.event;
  readonly onPermissionRequest = this.permissions.onRequest;
  readonly onPermissionSettled = this.permissions.onSettled;

  constructor(
    private readonly host: SessionHost,
    private data: SessionInfo,
    options: { hasConversation: boolean; forkFrom?: string },
  ) {
    ({ hasConversation: this.hasConversation, forkFrom: this.forkFrom } = options);
    this.tip = new ConversationTip(this.hasConversation || this.forkFrom ? 'unknown' : 'empty');
  }
  private forkFrom: string | undefined;
  /** Set when we stop the process ourselves to replace it (stall, interrupt that did not settle). */
  private recoverNext = false;
  private lastPrompt: QueuedPrompt | undefined;
  private readonly tip: ConversationTip;

  get id(): string {
    return this.data.id;
  }
  get info(): SessionInfo {
    return { ...this.data, queue: this.queue.waiting(this.tracker?.turn), pendingPermissions: this.permissions.size };
  }
  get liveProcess(): CliProcess | undefined {
    return this.process && !this.process.exitInfo ? this.process : undefined;
  }
  get currentTurn(): TurnTracker | undefined {
    return this.tracker;
  }

  messages(): readonly CliMessage[] {
    return this.log.all();
  }
  pendingPermissions(): readonly PermissionRequest[] {
    return this.permissions.pending();
  }
  /** Seeds the log with a past conversation (from the CLI's transcript) so a restored view shows it. */
  seedHistory(messages: readonly CliMessage[]): void {
    this.log.seed(messages);
    for (const m of messages) this.tip.note(m);
    this.update({});
  }

  send(text: string, images: readonly UserImage[] = []): Promise<TurnResult> {
    return this.enqueue(text, images);
  }

  /** Sends the last prompt that went out again (text and images), as a new turn: the person's "Retry". */
  resendLast(): Promise<TurnResult> | undefined {
    const prompt = this.lastPrompt;
    if (!prompt) return undefined;
    return this.enqueue(prompt.text, prompt.images, this.tracker || this.queue.length > 0 ? undefined : this.tip.beforeFailed(prompt));
  }

  private enqueue(text: string, images: readonly UserImage[], resendFrom?: ConversationPoint): Promise<TurnResult> {
    if (!text.trim() && images.length === 0) return Promise.reject(new CliError('config', 'Nothing to send: the prompt is empty.'));
    const done = this.queue.add(text, images, resendFrom);
    if (!this.data.title || this.data.title === 'New session') this.data.title = titleFrom(text);
    this.update({});
    void this.pump();
    return done;
  }

  editQueued(promptId: string, text: string): boolean {
    if (!this.queue.edit(promptId, text, this.tracker?.turn)) return false;
    this.update({});
    return true;
  }

  removeQueued(promptId: string): boolean {
    if (!this.queue.remove(promptId, this.tracker?.turn)) return false;
    this.update({});
    return true;
  }

  async interrupt(): Promise<void> {
    const p = this.liveProcess;
    if (!p || !this.tracker) return;
    try {
      await p.interrupt(3000);
    } catch (err) {
      // An interrupt that does not settle escalates: the process is replaced and the conversation resumed later.
      this.host.logger.warn(`Interrupt did not settle (${(err as Error).message}); replacing the process.`);
      this.recoverNext = true;
      await p.stop('interrupt timed out');
    }
  }

  async stop(): Promise<void> {
    this.tracker = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.queue.rejectAll(new CliError('interrupted', 'The session was stopped.'));
    this.update({ state: 'stopping' });
    await this.process?.stop('session stopped');
    this.update({ state: 'stopped', stateReason: undefined });
  }

  answerPermission(requestId: string, decision: PermissionDecision): void {
    this.permissions.answer(requestId, decision);
  }

  async setModel(model: string): Promise<void> {
    if (this.liveProcess) await this.liveProcess.setModel(model);
    this.update({ model });
  }

  async setPermissionMode(mode: PermissionMode): Promise<void> {
    if (this.liveProcess) await this.liveProcess.setPermissionMode(mode);
    this.update({ permissionMode: mode });
  }

  /** Puts back prompts that were waiting before a reload; they go out when the user resumes or sends. */
  restoreQueue(texts: readonly string[]): void {
    this.queue.restore(texts);
  }

  /** Starts (or restarts) the process for this conversation and delivers anything queued. */
  async resume(): Promise<void> {
    if (this.queue.length > 0) return this.pump();
    await this.ensureProcess();
  }

  /** Frees this idle session's process for another session; the next prompt resumes the same conversation. */
  async park(): Promise<void> {
    const p = this.liveProcess;
    if (!p) return;
    await p.stop('parked to free a slot');
    // A prompt sent meanwhile is already getting a new process: its state (queued, starting, busy) stands.
    if (this.process || this.acquiring || this.tracker) return;
    this.update({ state: 'stopped', stateReason: 'Parked to free a slot; the next prompt resumes it.' });
  }

  rename(title: string): void {
    this.update({ title });
  }

  /** Waiting for a free process slot. */
  setWaiting(reason: string): void {
    this.update({ state: 'queued', stateReason: reason });
  }

  private async pump(): Promise<void> {
    if (this.tracker || this.retryTimer || this.queue.length === 0) return;
    // A live process would send without asking the folder's breaker (only spawns go through it): ask here.
    const refused = this.host.admitTurn(this);
    if (refused) {
      this.queue.rejectAll(refused);
      this.recordError(refused);
      return;
    }
    // A failed prompt going out again starts from before its first attempt (conversationTip.ts).
    const next = this.queue.head!;
    if (next.resendFrom) this.rewind(next.resendFrom);
    next.resendFrom = undefined;
    let proc: CliProcess;
    try {
      proc = await this.ensureProcess();
    } catch (err) {
      const e = asCliError(err);
      this.queue.rejectAll(e);
      this.update({ state: 'failed', lastError: { kind: e.kind, message: e.message, action: e.nextStep, at: this.host.now() } });
      return;
    }
    if (this.tracker || this.queue.length === 0) return;
    const turn = this.queue.head!;
    this.tracker = new TurnTracker(turn, this.host.now());
    const retry = (turn.attempts ?? 0) > 0;
    this.lastPrompt = turn.prompt;
    turn.startedFrom ??= this.tip.current;
    if (!retry) this.emit({ type: 'user', message: { role: 'user', content: turn.prompt.text }, uuid: turn.prompt.id, aicode_prompt: true } as CliMessage);
    this.update({ state: 'busy', stateReason: undefined, lastActiveAt: this.host.now() });
    try {
      // The CLI silently drops a user line whose uuid it has already seen, so an automatic retry needs a fresh one.
      const promptUuid = retry ? randomUUID() : turn.prompt.id;
      this.tip.lastAttempt = { conversationId: this.data.cliSessionId, promptUuid };
      await proc.send(turn.prompt.text, turn.prompt.images, promptUuid);
    } catch (err) {
      this.failTurn(asCliError(err));
    }
  }

  private ensureProcess(): Promise<CliProcess> {
    const current = this.liveProcess;
    if (current && current.state !== 'stopping') return Promise.resolve(current);
    if (this.acquiring) return this.acquiring;
    // Being stopped (stalled, oversized line, parked): a prompt waits for it to go and then gets its replacement,
    // instead of being written to a closing stdin.
    if (current) return current.whenExited.then(() => this.ensureProcess());
    this.update({ state: 'starting' });
    const resumeAt = this.tip.takeResumeAt();
    const target: LaunchTarget = this.forkFrom
      ? { resume: this.forkFrom, fork: true, sessionId: this.data.cliSessionId }
      : this.hasConversation && this.data.cliSessionId
        ? { resume: this.data.cliSessionId, ...(resumeAt ? { resumeAt } : {}) }
        : { sessionId: this.data.cliSessionId };
    this.acquiring = this.host
      .acquireProcess(this, target)
      .then(({ process, conversationId }) => {
        this.attach(process, conversationId);
        return process;
      })
      .finally(() => (this.acquiring = undefined));
    return this.acquiring;
  }

  private attach(proc: CliProcess, conversationId: string): void {
    this.processStore.dispose();
    this.processStore = new DisposableStore();
    this.process = proc;
    // A fork's entries get new ids in its own transcript: where it stands is known again from its first new line.
    if (this.forkFrom) this.tip.reset('unknown');
    this.forkFrom = undefined;
    this.data.cliSessionId = conversationId;
    const s = this.processStore;
    s.add(proc.router.onAny((m) => this.onCliMessage(m)));
    s.add(proc.onExit((exit) => this.onProcessExit(exit.expected, exit.code, exit.signal, exit.stderrTail)));
    const faults = watchProcessFaults(proc, { failTurn: (e) => this.failTurn(e), notice: (e) => this.recordError(e), replaceAfterStop: () => (this.recoverNext = true) });
    for (const d of faults) s.add(d);
    s.add(this.permissions.attach(proc.control));
    s.add(this.permissions.onRequest(() => this.update({})));
    s.add(this.permissions.onSettled(() => this.update({})));
    this.update({ state: 'idle', pid: proc.pid });
  }

  private onCliMessage(m: CliMessage): void {
    const now = this.host.now();
    if (m.type === 'system' && m.subtype === 'init') {
      if (m.session_id) this.data.cliSessionId = m.session_id;
      this.hasConversation = true;
      this.update({ model: m.model ?? this.data.model, apiKeySource: m.apiKeySource });
    } else if (m.type === 'system' && m.subtype === 'status' && typeof m.permissionMode === 'string') {
      this.update({ permissionMode: m.permissionMode as PermissionMode });
    }
    this.tracker?.note(m, now);
    this.tip.note(m);
    this.emit(m);
    if (m.type === 'result') this.onResult(m);
  }

  private onResult(m: ResultMessage): void {
    const tracker = this.tracker;
    if (m.session_id) this.data.cliSessionId = m.session_id;
    this.log.compactAfterTurn();
    if (!tracker) return;
    const { result, error } = tracker.finish(m, this.data.cliSessionId ?? '');
    this.tracker = undefined;
    if (error?.details.missingConversation && !tracker.turn.attempts) {
      // The CLI refused to resume a conversation it never saved, before doing anything: start afresh, send it again.
      this.startAfresh();
      tracker.turn.attempts = 1;
      this.recordError(error);
      void this.process?.stop('no saved conversation to resume');
      void this.pump();
      return;
    }
    const retryIn = error ? this.host.retryDelay(this, tracker.turn, error, tracker.ranTools) : undefined;
    if (retryIn !== undefined) {
      // A transient API failure the CLI gave up on, in a turn that ran no tool: safe to send again, after a backoff.
      tracker.turn.attempts = (tracker.turn.attempts ?? 0) + 1;
      this.host.turnFinished(this, { tracker, result, error });
      this.recordError(new CliError(error!.kind, `${error!.message} Retrying in ${Math.round(retryIn / 100) / 10} s (attempt ${tracker.turn.attempts}).`, error!.details, error!.nextStep));
      this.update({ state: 'idle' });
      tracker.turn.resendFrom = tracker.turn.startedFrom;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.pump();
      }, retryIn);
      return;
    }
    this.queue.delete(tracker.turn);
    this.tip.turnEnded(tracker.turn.prompt, tracker.turn.startedFrom, !!error && error.kind !== 'interrupted' && !tracker.ranTools);
    this.update(tracker.settledInfo(this.data, result, error, this.host.now()));
    this.host.turnFinished(this, { tracker, result, error });
    tracker.turn.resolve(result);
    void this.pump();
  }

  private onProcessExit(expected: boolean, code: number | null, signal: NodeJS.Signals | null, stderrTail: string): void {
    this.processStore.dispose();
    this.process = undefined;
    this.host.processReleased(this);
    const failure = !expected ? classifyExit(code, signal, stderrTail) : undefined;
    // Nothing to resume (classify.ts): the next process starts the conversation under the same id instead.
    if (failure?.details.missingConversation) this.startAfresh();
    const cut = !!this.tracker;
    if (this.tracker) this.failTurn(failure ?? new CliError('interrupted', 'The turn was cut short when the Claude process stopped.'));
    else if (failure) this.recordError(failure);
    if (this.data.state === 'stopping' || this.data.state === 'failed') return;
    if (cut) this.update({ state: 'interrupted', stateReason: 'The last turn was cut short; the conversation goes on from what Claude saved.', pid: undefined });
    else this.update({ state: 'stopped', pid: undefined });
    // Recovery: a crashed, stalled or escalated process is replaced at once by one that resumes the conversation, so
    // the session is usable again; the cut turn is not repeated (it may have run tools) — the user decides.
    if (this.recoverNext || (failure && failure.kind === 'crashed')) {
      this.recoverNext = false;
      this.host.recovering(this);
      const settled = this.data.state;
      void this.ensureProcess().then(
        () => void (this.queue.length > 0 && this.pump()),
        (err) => {
          this.recordError(asCliError(err));
          // A refused replacement (breaker open, spawn failure) starts nothing: leave 'starting' for what was before.
          if (this.data.state === 'starting' && !this.acquiring) this.update({ state: settled });
        },
      );
    }
  }

  /** Back to before a failed turn that ran no tool (conversationTip.ts); its replacement process starts from there. */
  private rewind(point: ConversationPoint): void {
    const how = this.tip.rewind(point);
    if (!how) return;
    const stopped = this.process?.stop('sending the failed prompt again from before it') ?? Promise.resolve();
    if (how !== 'afresh') return;
    // Nothing came before it: a new conversation. The failed one holds only that attempt; history need not list it.
    const failed = this.tip.lastAttempt;
    [this.hasConversation, this.data.cliSessionId] = [false, undefined];
    if (failed?.conversationId) void stopped.then(() => this.host.discardFailedAttempt(this, failed.conversationId!, failed.promptUuid));
  }

  private startAfresh(): void {
    this.hasConversation = false;
    this.tip.reset('empty');
  }

  private failTurn(err: CliError): void {
    const tracker = this.tracker;
    this.recordError(err);
    if (!tracker) return;
    this.tracker = undefined;
    this.queue.delete(tracker.turn);
    this.host.turnFinished(this, { tracker, error: err });
    tracker.turn.reject(err);
  }

  private recordError(err: CliError): void {
    this.host.logger.warn(`[session ${this.id}] ${err.kind}: ${err.message}`);
    this.update({ lastError: { kind: err.kind, message: err.message, action: err.nextStep, at: this.host.now() } });
  }

  private emit(m: CliMessage): void {
    this.log.add(m);
    this.messageEmitter.fire(m);
  }

  private update(patch: Partial<SessionInfo>): void {
    this.data = { ...this.data, ...patch };
    this.infoEmitter.fire(this.info);
    this.host.changed(this);
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.processStore.dispose();
    this.messageEmitter.dispose();
    this.infoEmitter.dispose();
    this.permissions.dispose();
  }
}
