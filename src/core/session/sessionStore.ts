import { SessionInfo } from './sessionTypes';

/** Where session records live between window reloads; the VS Code adapter backs it with workspace state. */
export interface SessionStore {
  load(): SessionRecord[];
  save(records: SessionRecord[]): PromiseLike<void> | void;
}

export type SessionRecord = Omit<SessionInfo, 'queue' | 'pendingPermissions' | 'pid'> & {
  /** Prompts that were waiting when the window went away; restored into the queue, not sent by themselves. */
  queuedTexts?: string[];
};

export class MemorySessionStore implements SessionStore {
  records: SessionRecord[] = [];
  load(): SessionRecord[] {
    return this.records.map((r) => ({ ...r }));
  }
  save(records: SessionRecord[]): void {
    this.records = records.map((r) => ({ ...r }));
  }
}

export function toRecord(info: SessionInfo): SessionRecord {
  const { queue, pendingPermissions: _p, pid: _pid, ...rest } = info;
  return { ...rest, queuedTexts: queue.map((q) => q.text) };
}
