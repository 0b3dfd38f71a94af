import * as vscode from 'vscode';
import { SessionRecord, SessionStore } from '../../core/session/sessionStore';

const KEY = 'aicode.sessions.v1';

/** Session records in workspace state: they come back after a window reload or an extension host restart. */
export class WorkspaceSessionStore implements SessionStore {
  constructor(private readonly memento: vscode.Memento) {}

  load(): SessionRecord[] {
    const raw = this.memento.get<unknown>(KEY);
    if (!Array.isArray(raw)) return [];
    return raw.filter(isRecord);
  }

  save(records: SessionRecord[]): Thenable<void> {
    return this.memento.update(KEY, records);
  }
}

function isRecord(v: unknown): v is SessionRecord {
  const r = v as SessionRecord;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.folder?.fsPath === 'string' && typeof r.title === 'string';
}
