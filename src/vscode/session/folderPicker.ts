import * as vscode from 'vscode';
import { FolderRef } from '../../core/session/sessionTypes';

export function folderRef(folder: vscode.WorkspaceFolder): FolderRef {
  return { name: folder.name, fsPath: folder.uri.fsPath };
}

/** The folder for a new session: the only one, the active editor's, or the user's pick in a multi-root workspace. */
export async function pickFolder(options: { preferActiveEditor?: boolean; title?: string } = {}): Promise<FolderRef | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    const pick = await vscode.window.showWarningMessage('AICode needs a folder: Claude Code works inside a project folder.', 'Open Folder…');
    if (pick) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  if (folders.length === 1) return folderRef(folders[0]);
  if (options.preferActiveEditor) {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const f = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    if (f) return folderRef(f);
  }
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: options.title ?? 'Folder for the new Claude session' });
  return picked ? folderRef(picked) : undefined;
}
