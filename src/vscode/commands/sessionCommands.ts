import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, InternalCommands } from '../../ids';
import { listPastSessions } from '../../core/history/transcripts';
import { asCliError } from '../../core/errors/cliError';
import { Session } from '../../core/session/session';
import { Services } from '../services';
import { folderRef, pickFolder } from '../session/folderPicker';
import { formatBytes } from '../health/format';

/** A tree item or a session id, as commands receive them from menus, or nothing (the active session). */
type SessionArg = string | { sessionId?: string; cliSessionId?: string; folderPath?: string; title?: string } | undefined;

export function sessionFrom(s: Services, arg: SessionArg): Session | undefined {
  const id = typeof arg === 'string' ? arg : arg?.sessionId;
  return id ? s.manager.get(id) : s.active.get();
}

export function registerSessionCommands(s: Services): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn);
  return [
    reg(Commands.newSession, async () => {
      if (!requireTrust(s)) return;
      const folder = await pickFolder();
      if (!folder) return;
      const session = s.manager.create({ folder });
      s.active.set(session.id);
      await s.showChat(session.id);
    }),
    reg(Commands.openChat, async (arg: SessionArg) => {
      const session = sessionFrom(s, arg);
      if (session) s.active.set(session.id);
      await s.showChat(session?.id, session && arg ? 'panel' : 'sidebar');
    }),
    reg(Commands.askAboutSelection, async () => {
      if (!requireTrust(s)) return;
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty) {
        void vscode.window.showInformationMessage('Select some code first, then ask Claude about it.');
        return;
      }
      const question = await vscode.window.showInputBox({ title: 'Ask Claude about the selection', prompt: 'Your question (the selected code is attached)', ignoreFocusOut: true });
      if (!question?.trim()) return;
      const folder = await pickFolder({ preferActiveEditor: true });
      if (!folder) return;
      const doc = editor.document;
      const sel = editor.selection;
      const rel = path.relative(folder.fsPath, doc.uri.fsPath) || doc.uri.fsPath;
      const prompt = `${question.trim()}\n\nFrom \`${rel}\` lines ${sel.start.line + 1}-${sel.end.line + 1}:\n\`\`\`${doc.languageId}\n${doc.getText(sel)}\n\`\`\``;
      const existing = s.active.get();
      const session = existing && existing.info.folder.fsPath === folder.fsPath && existing.info.state !== 'failed' ? existing : s.manager.create({ folder });
      s.active.set(session.id);
      await s.showChat(session.id, 'sidebar');
      session.send(prompt).catch((err) => s.logger.warn(`Ask about selection: ${asCliError(err).message}`));
    }),
    reg(Commands.resumeSession, async (arg: SessionArg) => {
      if (!requireTrust(s)) return;
      // A "Past sessions" row of the tree: the CLI's conversation id and its folder.
      if (arg && typeof arg === 'object' && !arg.sessionId && typeof arg.cliSessionId === 'string' && typeof arg.folderPath === 'string') {
        const wf = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(arg.folderPath));
        const folder = wf ? folderRef(wf) : { name: path.basename(arg.folderPath), fsPath: arg.folderPath };
        const session = await s.manager.resume(arg.cliSessionId, folder, arg.title);
        s.active.set(session.id);
        await s.showChat(session.id, 'panel');
        return;
      }
      const known = typeof arg === 'string' || arg?.sessionId ? sessionFrom(s, arg) : undefined;
      if (known) {
        s.active.set(known.id);
        await s.showChat(known.id);
        await known.resume().catch((err) => void vscode.window.showErrorMessage(`AICode: ${asCliError(err).message}`));
        return;
      }
      const folder = await pickFolder({ title: 'Folder whose past sessions to list' });
      if (!folder) return;
      const past = await listPastSessions(folder.fsPath);
      if (past.length === 0) {
        void vscode.window.showInformationMessage(`No past Claude sessions in ${folder.name}.`);
        return;
      }
      const pick = await vscode.window.showQuickPick(
        past.map((p) => ({ label: p.title, description: new Date(p.modifiedAt).toLocaleString(), detail: `${p.id} · ${formatBytes(p.sizeBytes)}`, id: p.id })),
        { title: `Resume a Claude session in ${folder.name}`, matchOnDetail: true },
      );
      if (!pick) return;
      const session = await s.manager.resume(pick.id, folder, pick.label);
      s.active.set(session.id);
      await s.showChat(session.id);
    }),
    reg(Commands.interrupt, async (arg: SessionArg) => {
      await sessionFrom(s, arg)?.interrupt();
    }),
    reg(Commands.stopSession, async (arg: SessionArg) => {
      await sessionFrom(s, arg)?.stop();
    }),
    reg(Commands.stopAllSessions, async () => {
      await s.manager.stopAll();
    }),
    reg(Commands.showLogs, () => s.logger.channel.show(true)),
    reg(InternalCommands.forkSession, async (arg: SessionArg) => {
      const src = sessionFrom(s, arg);
      if (!src) return;
      try {
        const fork = s.manager.fork(src.id);
        s.active.set(fork.id);
        await s.showChat(fork.id);
      } catch (err) {
        void vscode.window.showErrorMessage(`AICode: ${asCliError(err).message}`);
      }
    }),
    reg(InternalCommands.renameSession, async (arg: SessionArg) => {
      const session = sessionFrom(s, arg);
      if (!session) return;
      const title = await vscode.window.showInputBox({ title: 'Rename session', value: session.info.title });
      if (title?.trim()) s.manager.rename(session.id, title);
    }),
    reg(InternalCommands.deleteSessionRecord, async (arg: SessionArg) => {
      const session = sessionFrom(s, arg);
      if (!session) return;
      const ok = await vscode.window.showWarningMessage(`Remove "${session.info.title}" from the list? Claude's own transcript stays on disk and can be resumed later.`, { modal: true }, 'Remove');
      if (ok) await s.manager.remove(session.id);
    }),
    reg(InternalCommands.retryTurn, async (arg: SessionArg) => {
      const session = sessionFrom(s, arg);
      if (!session) return;
      const turn = session.resendLast();
      if (!turn) void vscode.window.showInformationMessage('AICode: there is no earlier prompt to send again.');
      turn?.catch((err) => s.logger.warn(`Retry: ${asCliError(err).message}`));
    }),
    reg(InternalCommands.resetBreaker, (arg?: string) => {
      const folders = arg ? [arg] : s.manager.breakerStates().map((b) => b.folder);
      for (const f of folders) s.manager.policyFor(f).reset();
    }),
  ];
}

export function requireTrust(s: Services): boolean {
  if (s.isTrusted()) return true;
  void vscode.window.showWarningMessage('AICode starts no Claude process in an untrusted workspace.', 'Manage Workspace Trust').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
