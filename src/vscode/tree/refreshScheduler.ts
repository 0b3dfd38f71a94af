// Collects "this element changed" requests and delivers them once per window (~100 ms), so a streaming session
// refreshes its own row a few times a second instead of the whole tree on every message. No `vscode` import.

/** `undefined` in the batch means the whole tree. */
export type RefreshBatch<T> = T[] | undefined;

export class RefreshScheduler<T> {
  private pending = new Set<T>();
  private all = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly deliver: (batch: RefreshBatch<T>) => void,
    private readonly delayMs = 100,
  ) {}

  /** Schedules a refresh of `element`, or of the whole tree when it is undefined. */
  schedule(element?: T): void {
    if (this.disposed) return;
    if (element === undefined) this.all = true;
    else this.pending.add(element);
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed || (!this.all && this.pending.size === 0)) return;
    const batch: RefreshBatch<T> = this.all ? undefined : [...this.pending];
    this.all = false;
    this.pending.clear();
    this.deliver(batch);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
