// Whether a session's lastError is still its latest outcome. SessionInfo keeps lastError after later turns succeed,
// so "signed out" would otherwise stick in the status bar after the person fixed their credentials.
// No `vscode` import: unit-tested in plain Node.
import { SessionInfo } from '../../core/session/sessionTypes';

type Observed = Pick<SessionInfo, 'id' | 'lastError' | 'turns' | 'state'>;

export class CurrentErrors {
  private readonly seen = new Map<string, { at?: number; turns: number; current: boolean }>();

  /** Feed every info change of every session. */
  observe(info: Observed): void {
    const at = info.lastError?.at;
    const prev = this.seen.get(info.id);
    let current: boolean;
    if (!prev) current = !!info.lastError && info.state === 'failed'; // a restored session's old error is history
    else if (at !== undefined && at !== prev.at) current = true;
    else if (info.turns > prev.turns) current = false; // a turn finished with no new error
    else current = prev.current;
    this.seen.set(info.id, { at, turns: info.turns, current });
  }

  current(info: Observed): SessionInfo['lastError'] | undefined {
    if (!this.seen.has(info.id)) this.observe(info);
    return this.seen.get(info.id)?.current ? info.lastError : undefined;
  }

  /** Drops sessions that are gone. */
  retain(ids: Iterable<string>): void {
    const keep = new Set(ids);
    for (const id of [...this.seen.keys()]) if (!keep.has(id)) this.seen.delete(id);
  }
}
