import * as vscode from 'vscode';
import { Commands } from '../../ids';
import { asCliError } from '../../core/errors/cliError';
import { sessionFrom } from '../commands/sessionCommands';
import { Services } from '../services';
import { exportEntries } from './exportEntries';
import { ExportFormat, exportFileName, formatTranscript } from './formatTranscript';
import { ExportSource, loadConversation } from './loadConversation';

/** A session id, a session tree row (`sessionId`), a past-session row (`cliSessionId` + `folderPath`), or nothing. */
export type ExportArg = string | { sessionId?: string; cliSessionId?: string; folderPath?: string; folderName?: string; title?: string } | undefined;

/** `aicode.exportTranscript`: pick Markdown or JSON, pick a file, write the conversation. */
export function registerExport(s: Services): vscode.Disposable[] {
  return [vscode.commands.registerCommand(Commands.exportTranscript, (arg?: ExportArg) => exportTranscript(s, arg))];
}

export function exportSource(s: Services, arg: ExportArg): ExportSource | undefined {
  if (arg && typeof arg === 'object' && typeof arg.cliSessionId === 'string' && typeof arg.folderPath === 'string' && !arg.sessionId) {
    const name = arg.folderName ?? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(arg.folderPath))?.name ?? arg.folderPath;
    return { kind: 'past', cliSessionId: arg.cliSessionId, folder: { name, fsPath: arg.folderPath }, title: arg.title ?? 'Claude session' };
  }
  const session = sessionFrom(s, arg && typeof arg === 'object' ? { sessionId: arg.sessionId } : arg);
  return session ? { kind: 'session', info: session.info, messages: () => session.messages() } : undefined;
}

async function exportTranscript(s: Services, arg: ExportArg): Promise<void> {
  const source = exportSource(s, arg);
  if (!source) {
    void vscode.window.showInformationMessage('AICode: there is no session to export. Start or resume one first.');
    return;
  }
  const title = source.kind === 'session' ? source.info.title : source.title;
  const formats: (vscode.QuickPickItem & { format: ExportFormat })[] = [
    { label: 'Markdown', description: '.md', detail: 'Readable: prompts, answers, tool calls with inputs and results, costs', format: 'markdown' },
    { label: 'JSON', description: '.json', detail: 'Structured entries, for scripts and tools', format: 'json' },
  ];
  const picked = await vscode.window.showQuickPick(formats, { title: `Export "${title}"`, placeHolder: 'Format' });
  if (!picked) return;
  const folder = source.kind === 'session' ? source.info.folder.fsPath : source.folder.fsPath;
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(vscode.Uri.file(folder), exportFileName(title, picked.format)),
    filters: picked.format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
    saveLabel: 'Export',
    title: `Export "${title}"`,
  });
  if (!target) return;
  try {
    const loaded = await loadConversation(source, new Date());
    const text = formatTranscript(picked.format, loaded.meta, exportEntries(loaded.messages));
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    s.logger.info(`Exported "${title}" (${loaded.from}, ${loaded.messages.length} messages) to ${target.fsPath}`);
    const open = await vscode.window.showInformationMessage(`Exported "${title}".`, 'Open');
    if (open) await vscode.window.showTextDocument(target);
  } catch (err) {
    void vscode.window.showErrorMessage(`AICode: could not export the transcript: ${asCliError(err).message}`);
  }
}
