import * as vscode from 'vscode';

export { ManageTrustCommand } from './trustCommand';

/**
 * Workspace trust as the views see it. In an untrusted workspace no Claude process starts: the composition root's
 * `cli()` refuses (CliError 'untrusted'), the session tree shows package.json's `!isWorkspaceTrusted` welcome (it
 * returns no rows), and the status bar says so. VS Code reloads the window when trust is revoked, so being granted
 * trust is the only change a running extension sees.
 */
export function onDidChangeTrust(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidGrantWorkspaceTrust(listener);
}
