import { CliMessage, CliMessageType } from './cliMessages';
import { Disposable } from '../util/disposable';
import { Emitter } from '../util/emitter';

type MessageOf<T extends CliMessageType> = Extract<CliMessage, { type: T }>;
type Handler = (msg: CliMessage) => void | Promise<void>;

export interface RouterOptions {
  /** Queued messages above which the source is asked to pause. */
  highWaterMark?: number;
  /** Queued messages below which it may resume. */
  lowWaterMark?: number;
  onHandlerError?: (err: unknown, msg: CliMessage) => void;
}

/**
 * Delivers each message to the subscribers of its type, in order. A subscriber may return a promise: later messages
 * wait for it (order is kept), and when the backlog passes the high-water mark `onPressure(true)` asks the source to
 * pause (the process layer pauses stdout) until the backlog drains below the low-water mark.
 */
export class MessageRouter implements Disposable {
  private readonly byType = new Map<string, Set<Handler>>();
  private readonly any = new Set<Handler>();
  private readonly queue: CliMessage[] = [];
  private draining = false;
  private paused = false;
  private readonly high: number;
  private readonly low: number;
  private readonly pressure = new Emitter<boolean>();
  readonly onPressure = this.pressure.event;

  constructor(private readonly options: RouterOptions = {}) {
    this.high = options.highWaterMark ?? 2000;
    this.low = options.lowWaterMark ?? Math.floor(this.high / 4);
  }

  on<T extends CliMessageType>(type: T, handler: (msg: MessageOf<T>) => void | Promise<void>): Disposable {
    let set = this.byType.get(type);
    if (!set) this.byType.set(type, (set = new Set()));
    const h = handler as Handler;
    set.add(h);
    return { dispose: () => set.delete(h) };
  }

  onAny(handler: Handler): Disposable {
    this.any.add(handler);
    return { dispose: () => this.any.delete(handler) };
  }

  get backlog(): number {
    return this.queue.length;
  }

  dispatch(msg: CliMessage): void {
    if (!this.draining && this.queue.length === 0) {
      // Fast path: nothing pending, deliver synchronously.
      const pending = this.deliver(msg);
      if (pending) void this.drainAfter(pending);
      return;
    }
    this.queue.push(msg);
    if (!this.paused && this.queue.length >= this.high) {
      this.paused = true;
      this.pressure.fire(true);
    }
  }

  private deliver(msg: CliMessage): Promise<void> | undefined {
    let waits: Promise<void>[] | undefined;
    const call = (h: Handler) => {
      try {
        const r = h(msg);
        if (r && typeof (r as Promise<void>).then === 'function') (waits ??= []).push(this.guard(r as Promise<void>, msg));
      } catch (err) {
        this.options.onHandlerError?.(err, msg);
      }
    };
    const set = this.byType.get(msg.type);
    if (set) for (const h of [...set]) call(h);
    for (const h of [...this.any]) call(h);
    if (!waits) return undefined;
    return Promise.all(waits).then(() => undefined);
  }

  private guard(p: Promise<void>, msg: CliMessage): Promise<void> {
    return p.catch((err) => this.options.onHandlerError?.(err, msg));
  }

  private async drainAfter(first: Promise<void>): Promise<void> {
    this.draining = true;
    try {
      await first;
      while (this.queue.length > 0) {
        const msg = this.queue.shift() as CliMessage;
        const pending = this.deliver(msg);
        if (pending) await pending;
        if (this.paused && this.queue.length <= this.low) {
          this.paused = false;
          this.pressure.fire(false);
        }
      }
    } finally {
      this.draining = false;
      if (this.paused) {
        this.paused = false;
        this.pressure.fire(false);
      }
    }
  }

  dispose(): void {
    this.byType.clear();
    this.any.clear();
    this.queue.length = 0;
    this.pressure.dispose();
  }
}
