// Which folders the tree shows and in what order. No `vscode` import.
import { FolderRef, SessionInfo } from '../../core/session/sessionTypes';

export type RootLayout =
  /** Nothing at the root, so the view's welcome text shows (untrusted workspace, or no session yet). */
  | { kind: 'empty' }
  /** One folder: its sessions sit at the root, with no folder row above them. */
  | { kind: 'flat'; folder: FolderRef }
  | { kind: 'folders'; folders: FolderRef[] };

/** Workspace folders in their order, then folders that only sessions still name (a folder removed from the workspace). */
export function folderList(workspace: readonly FolderRef[], sessions: readonly Pick<SessionInfo, 'folder'>[]): FolderRef[] {
  const out = [...workspace];
  const seen = new Set(out.map((f) => f.fsPath));
  for (const s of sessions) {
    if (seen.has(s.folder.fsPath)) continue;
    seen.add(s.folder.fsPath);
    out.push(s.folder);
  }
  return out;
}

export function rootLayout(trusted: boolean, workspace: readonly FolderRef[], sessions: readonly Pick<SessionInfo, 'folder'>[]): RootLayout {
  if (!trusted || sessions.length === 0) return { kind: 'empty' };
  const folders = folderList(workspace, sessions);
  return folders.length === 1 ? { kind: 'flat', folder: folders[0] } : { kind: 'folders', folders };
}

/** A folder's sessions, newest first by creation (rows do not jump around when a session becomes active). */
export function sessionsOf<T extends { info: Pick<SessionInfo, 'folder' | 'createdAt'> }>(folder: FolderRef, sessions: readonly T[]): T[] {
  return sessions.filter((s) => s.info.folder.fsPath === folder.fsPath).sort((a, b) => b.info.createdAt - a.info.createdAt);
}

/** Total permission requests waiting across sessions: the view's badge. */
export function pendingTotal(sessions: readonly Pick<SessionInfo, 'pendingPermissions'>[]): number {
  return sessions.reduce((n, s) => n + s.pendingPermissions, 0);
}
