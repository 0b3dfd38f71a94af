// Messages to one webview: held until it says `ready` (then it gets a snapshot instead), and item changes coalesced
// into at most one `items` message per frame (~16 ms), so a fast stream costs one postMessage per frame, not per delta.
import type { ChatItem, HostMessage, ItemChanges, SessionView } from '../../protocol/chatProtocol';
import type { Disposable } from '../../core/util/disposable';

export const FrameMs = 16;

export class ChatOutbox implements Disposable {
  private ready = false;
  private upserts = new Map<string, ChatItem>();
  private removes = new Set<string>();
  private session: { value: SessionView | undefined } | undefined;
  private others: HostMessage[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly post: (message: HostMessage) => void,
    private readonly schedule: (fn: () => void, ms: number) => ReturnType<typeof setTimeout> = setTimeout,
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  /** The page (re)loaded: send the snapshot first, then anything else that was waiting (e.g. a prefill). */
  onReady(snapshot: HostMessage): void {
    this.ready = true;
    this.upserts.clear();
    this.removes.clear();
    this.session = undefined;
    this.post(snapshot);
    const others = this.others;
    this.others = [];
    for (const m of others) this.post(m);
  }

  /** The page went away (hidden without retainContextWhenHidden, or reloading): it will ask again with `ready`. */
  onGone(): void {
    this.ready = false;
    this.upserts.clear();
    this.removes.clear();
    this.session = undefined;
  }

  items(changes: ItemChanges): void {
    if (!this.ready) return; // the snapshot on `ready` will include them
    for (const id of changes.removes) {
      this.upserts.delete(id);
      this.removes.add(id);
    }
    for (const item of changes.upserts) this.upserts.set(item.id, item);
    this.arm();
  }

  sessionChanged(session: SessionView | undefined): void {
    if (!this.ready) return;
    this.session = { value: session };
    this.arm();
  }

  /** Other messages: kept until ready, then sent in order with the next flush. */
  send(message: HostMessage): void {
    this.others.push(message);
    if (this.ready) this.arm();
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.ready) return;
    if (this.upserts.size > 0 || this.removes.size > 0) {
      this.post({ type: 'items', upserts: [...this.upserts.values()], removes: [...this.removes] });
      this.upserts = new Map();
      this.removes = new Set();
    }
    if (this.session) {
      this.post({ type: 'session', ...(this.session.value ? { session: this.session.value } : {}) });
      this.session = undefined;
    }
    const others = this.others;
    this.others = [];
    for (const m of others) this.post(m);
  }

  private arm(): void {
    if (this.timer === undefined) this.timer = this.schedule(() => this.flush(), FrameMs);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.ready = false;
  }
}
