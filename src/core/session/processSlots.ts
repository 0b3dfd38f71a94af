import { CliError } from '../errors/cliError';
import { Session } from './session';

/**
 * At most `maxConcurrent` sessions hold a live process. When all slots are taken, the least recently active idle
 * session is parked (its process stops; its next prompt resumes the same conversation); if every slot is busy, the
 * newcomer waits in line with a visible reason.
 */
export class ProcessSlots {
  private readonly holders = new Set<Session>();
  private readonly waiters: { session: Session; go: () => void }[] = [];
  private closed = false;

  constructor(
    private readonly max: () => number,
    private readonly all: ReadonlyMap<string, Session>,
  ) {}

  get inUse(): number {
    return this.holders.size;
  }

  async acquire(session: Session, onWait: (reason: string) => void): Promise<void> {
    if (this.holders.has(session) && !this.closed) return;
    while (this.holders.size >= this.max()) {
      if (this.closed) break;
      const parked = this.parkOne();
      if (parked) {
        await parked;
        continue;
      }
      onWait(`Waiting for a free slot: ${this.holders.size} sessions are running (aicode.sessions.maxConcurrent = ${this.max()}).`);
      await new Promise<void>((go) => this.waiters.push({ session, go }));
    }
    // Shutting down: a session that waited in line must not start a process after everything was stopped.
    if (this.closed) throw new CliError('interrupted', 'AICode Manager is shutting down; no new Claude process is started.');
    this.holders.add(session);
  }

  /** No more slots: whoever waits in line gives up (shutdown). */
  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.go();
  }

  release(session: Session): void {
    if (!this.holders.delete(session)) return;
    const next = this.waiters.shift();
    next?.go();
  }

  /**
   * A session changed. A waiter is woken only by a release, so a slot holder that went idle with nothing queued gives
   * its slot up when someone waits in line or when the limit was lowered below the running count.
   */
  offer(session: Session): Promise<unknown> | undefined {
    if (!this.holders.has(session) || !this.isIdle(session)) return undefined;
    if (this.waiters.length === 0 && this.holders.size <= this.max()) return undefined;
    return session.park();
  }

  /** After the limit was lowered: parks idle sessions beyond it, least recently active first (busy ones via offer). */
  enforce(): Promise<unknown> {
    const excess = this.holders.size - this.max();
    return Promise.all(this.idleHolders().slice(0, Math.max(0, excess)).map((s) => s.park()));
  }

  private parkOne(): Promise<unknown> | undefined {
    return this.idleHolders()[0]?.park();
  }

  private idleHolders(): Session[] {
    return [...this.holders].filter((s) => this.isIdle(s)).sort((a, b) => a.info.lastActiveAt - b.info.lastActiveAt);
  }

  /** Nothing running and nothing queued: a queued prompt may be about to go to the live process (pump). */
  private isIdle(s: Session): boolean {
    const i = s.info;
    return i.state === 'idle' && !s.currentTurn && i.queue.length === 0 && i.pendingPermissions === 0 && this.all.has(s.id) && s.liveProcess?.state !== 'stopping';
  }
}
