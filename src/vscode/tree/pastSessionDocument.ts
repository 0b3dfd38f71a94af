import * as vscode from 'vscode';
import { InternalCommands } from '../../ids';
import { asCliError } from '../../core/errors/cliError';
import { exportEntries } from '../export/exportEntries';
import { exportFileName, toMarkdown } from '../export/formatTranscript';
import { loadConversation } from '../export/loadConversation';

/** Read-only documents (a content provider owns them, so they cannot be edited or saved by mistake). */
const Scheme = 'aicode-transcript';

export interface PastSessionArg {
  cliSessionId: string;
  folderPath: string;
  title?: string;
}

export function isPastSessionArg(v: unknown): v is PastSessionArg {
  const a = v as Partial<PastSessionArg> | undefined;
  return typeof a === 'object' && a !== null && typeof a.cliSessionId === 'string' && /^[0-9a-f-]{36}$/i.test(a.cliSessionId) && typeof a.folderPath === 'string';
}

/** InternalCommands.openPastSession: a past conversation rendered as Markdown, shown in the Markdown preview. */
export function registerPastSessionDocuments(): vscode.Disposable[] {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const q = new URLSearchParams(uri.query);
      const arg = { cliSessionId: q.get('id') ?? '', folderPath: q.get('folder') ?? '', title: q.get('title') ?? 'Claude session' };
      if (!isPastSessionArg(arg)) return '# Not a Claude transcript\n';
      const folder = { name: arg.folderPath, fsPath: arg.folderPath };
      const loaded = await loadConversation({ kind: 'past', cliSessionId: arg.cliSessionId, folder, title: arg.title ?? 'Claude session' }, new Date());
      if (loaded.messages.length === 0) return `# ${arg.title}\n\nThe transcript file is empty or could not be read.\n`;
      return toMarkdown(loaded.meta, exportEntries(loaded.messages));
    },
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(Scheme, provider),
    vscode.commands.registerCommand(InternalCommands.openPastSession, async (arg: unknown) => {
      if (!isPastSessionArg(arg)) return;
      const title = arg.title ?? 'Claude session';
      const uri = vscode.Uri.from({
        scheme: Scheme,
        path: `/${exportFileName(title, 'markdown')}`,
        query: new URLSearchParams({ id: arg.cliSessionId, folder: arg.folderPath, title }).toString(),
      });
      try {
        await vscode.commands.executeCommand('markdown.showPreview', uri);
      } catch {
        // The built-in Markdown extension is disabled: show the source, still read-only.
        try {
          await vscode.window.showTextDocument(uri, { preview: true });
        } catch (err) {
          void vscode.window.showErrorMessage(`AICode: could not open the transcript: ${asCliError(err).message}`);
        }
      }
    }),
  ];
}
