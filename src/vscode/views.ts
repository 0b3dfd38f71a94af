import * as vscode from 'vscode';
import { Services } from './services';
import { registerChat, ChatHost } from './chat';
import { registerSessionTree } from './tree/registerSessionTree';
import { registerPastSessionDocuments } from './tree/pastSessionDocument';
import { registerStatusBar } from './status/registerStatusBar';
import { registerHealthView } from './health/registerHealthView';
import { registerNotifications } from './notifications/registerNotifications';
import { registerExport } from './export/registerExport';
import { pickFolder } from './session/folderPicker';
import { CliError } from '../core/errors/cliError';

/** Registers every view (chat, session tree, status bar, health, notifications, export). */
export function registerViews(s: Services): { disposables: vscode.Disposable[]; showChat: Services['showChat'] } {
  const host: ChatHost = {
    getSession: (id) => s.manager.get(id),
    activeSessionId: () => s.active.getId(),
    // ActiveSession fires undefined when the explicit choice goes away even though getId() still picks the newest.
    onDidChangeActive: (listener) => s.active.onDidChange(() => listener(s.active.getId())),
    createSession: async () => {
      if (!s.isTrusted()) throw new CliError('untrusted', 'This workspace is not trusted, so AICode starts no Claude process here.');
      const folder = await pickFolder();
      if (!folder) throw new CliError('config', 'Open a folder to start a Claude session.');
      const session = s.manager.create({ folder });
      s.active.set(session.id);
      return session;
    },
    modelChoices: () => ['default', 'sonnet', 'opus', 'haiku'],
  };
  const chat = registerChat(s.context.extensionUri, host, s.logger);
  const showChat: Services['showChat'] = async (sessionId, where = 'sidebar') => {
    if (sessionId) s.active.set(sessionId);
    if (sessionId && where === 'panel') chat.openPanel(sessionId);
    else await chat.showSidebar();
  };
  const isChatVisible = (id: string) => chat.isVisible(id);
  return {
    showChat,
    disposables: [
      chat,
      chat.onDidFocusSession((id) => s.active.set(id)),
      ...registerSessionTree(s),
      ...registerPastSessionDocuments(),
      ...registerStatusBar(s),
      ...registerHealthView(s),
      ...registerNotifications(s, isChatVisible),
      ...registerExport(s),
    ],
  };
}
