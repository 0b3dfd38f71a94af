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

  private parkOne(): Promise<unknown> | undefined {
    const idle = [...this.holders].filter((s) => s.info.state === 'idle' && !s.currentTurn && s.info.pendingPermissions === 0 && this.all.has(s.id));
    if (idle.length === 0) return undefined;
    idle.sort((a, b) => a.info.lastActiveAt - b.info.lastActiveAt);
    return idle[0].park();
  }
}
