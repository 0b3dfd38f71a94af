// One transcript model per session, shared by every chat view showing it (sidebar and panel), living as long as the
// session: views come and go (retainContextWhenHidden is off) and get a snapshot from here each time.
import type { ImageAttachment, ItemChanges } from '../../protocol/chatProtocol';
import type { QueuedPrompt, SessionHandle, SessionInfo } from '../../core/session/sessionTypes';
import { TranscriptReducer } from '../../core/transcript/transcriptReducer';
import { Disposable, DisposableStore } from '../../core/util/disposable';
import { Emitter } from '../../core/util/emitter';
import type { Logger } from '../../core/util/logger';

export class SessionTranscript implements Disposable {
  readonly reducer = new TranscriptReducer();
  private readonly changes = new Emitter<ItemChanges>();
  readonly onChanges = this.changes.event;
  private readonly subs = new DisposableStore();
  /** Queue entries as last seen, to tell when one is delivered (it leaves the queue without being removed here). */
  private knownQueue = new Map<string, QueuedPrompt>();
  private readonly removedByUser = new Set<string>();
  /** Prompts already shown at send time, in case the session puts them in its queue after send() returned. */
  private readonly shownAtSend: string[] = [];
  private lastPrompt: { text: string; images: ImageAttachment[] } | undefined;
  /** Permission requests whose diff was opened already (the sidebar and a panel may both show this session). */
  readonly autoDiffed = new Set<string>();

  constructor(
    readonly session: SessionHandle,
    history: readonly unknown[],
    private readonly logger: Logger,
  ) {
    this.reducer.applyTranscriptLines(history);
    this.reducer.applyAll(session.messages());
    for (const request of session.pendingPermissions()) this.reducer.permissionRequested(request);
    this.knownQueue = new Map(session.info.queue.map((q) => [q.id, q]));
    const fire = (c: ItemChanges) => {
      if (c.upserts.length > 0 || c.removes.length > 0) this.changes.fire(c);
    };
    this.subs.add(session.onMessage((m) => fire(this.reducer.apply(m))));
    this.subs.add(session.onPermissionRequest((r) => fire(this.reducer.permissionRequested(r))));
    this.subs.add(session.onPermissionSettled((e) => fire(this.reducer.permissionSettled(e.request.requestId, e.outcome))));
    this.subs.add(session.onInfoChange((info) => this.trackQueue(info, fire)));
    this.subs.add(this.changes);
  }

  /**
   * Sends a prompt and shows it: at once when the session takes it now, or when it leaves the session's queue.
   * The CLI does not print prompts back (unless --replay-user-messages), so the chat adds them itself.
   */
  send(text: string, images: readonly ImageAttachment[]): void {
    this.lastPrompt = { text, images: [...images] };
    this.show(text, images, () => this.session.send(text, images));
  }

  /** The error item's "Retry": the session sends its last prompt again (from before a tool-free failed attempt). */
  retry(): boolean {
    const last = this.lastPrompt;
    if (!last) return false;
    this.show(last.text, last.images, () => this.session.resendLast() ?? this.session.send(last.text, last.images));
    return true;
  }

  private show(text: string, images: readonly ImageAttachment[], start: () => Promise<unknown>): void {
    const before = new Set(this.session.info.queue.map((q) => q.id));
    const turn = start();
    const queued = this.session.info.queue.find((q) => !before.has(q.id) && q.text === text);
    if (queued) this.knownQueue.set(queued.id, queued);
    else {
      this.shownAtSend.push(text);
      this.emit(this.reducer.addUserPrompt(text, images));
    }
    turn.catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn(`chat: a prompt failed in session ${this.session.id}: ${message}`);
      this.emit(this.reducer.addError(message, { label: 'Retry', kind: 'retry' }));
    });
  }

  editQueued(promptId: string, text: string): boolean {
    const ok = this.session.editQueued(promptId, text);
    const known = this.knownQueue.get(promptId);
    if (ok && known) this.knownQueue.set(promptId, { ...known, text });
    return ok;
  }

  removeQueued(promptId: string): boolean {
    this.removedByUser.add(promptId);
    return this.session.removeQueued(promptId);
  }

  private trackQueue(info: SessionInfo, fire: (c: ItemChanges) => void): void {
    const now = new Map(info.queue.map((q) => [q.id, q]));
    for (const [id, q] of now) {
      if (this.knownQueue.has(id)) continue;
      // Shown already at send() time because the session queued it only later: do not show it twice.
      const i = this.shownAtSend.indexOf(q.text);
      if (i >= 0) {
        this.shownAtSend.splice(i, 1);
        this.removedByUser.add(id);
      }
    }
    for (const [id, q] of this.knownQueue) {
      if (now.has(id)) continue;
      if (this.removedByUser.delete(id)) continue;
      // Sessions that echo the prompt into their message stream (uuid = the prompt id) have shown it already.
      if (this.reducer.item(`u:${id}`)) continue;
      fire(this.reducer.addUserPrompt(q.text, q.images as ImageAttachment[]));
    }
    this.knownQueue = now;
    if (this.shownAtSend.length > 20) this.shownAtSend.splice(0, this.shownAtSend.length - 20);
  }

  private emit(c: ItemChanges): void {
    if (c.upserts.length > 0 || c.removes.length > 0) this.changes.fire(c);
  }

  dispose(): void {
    this.subs.dispose();
  }
}

/** The transcripts of all sessions a chat view has shown, keyed by session id (and handle). */
export class SessionTranscripts implements Disposable {
  private readonly byId = new Map<string, Promise<SessionTranscript>>();
  private readonly handles = new Map<string, SessionHandle>();

  constructor(
    private readonly loadHistory: ((sessionId: string) => Promise<readonly unknown[]>) | undefined,
    private readonly logger: Logger,
  ) {}

  get(session: SessionHandle): Promise<SessionTranscript> {
    const existing = this.byId.get(session.id);
    if (existing && this.handles.get(session.id) === session) return existing;
    if (existing) void existing.then((t) => t.dispose());
    const created = this.create(session);
    this.byId.set(session.id, created);
    this.handles.set(session.id, session);
    return created;
  }

  private async create(session: SessionHandle): Promise<SessionTranscript> {
    let history: readonly unknown[] = [];
    if (this.loadHistory) {
      try {
        history = await this.loadHistory(session.id);
      } catch (err) {
        this.logger.warn(`chat: could not read the earlier transcript of session ${session.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // Built after the await: messages that arrived meanwhile are in session.messages(), so nothing is missed.
    return new SessionTranscript(session, history, this.logger);
  }

  dispose(): void {
    for (const t of this.byId.values()) void t.then((x) => x.dispose());
    this.byId.clear();
    this.handles.clear();
  }
}
