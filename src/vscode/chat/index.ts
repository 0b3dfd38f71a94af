// Wiring for the composition root: one call registers the sidebar chat, the panel manager and the shared services.
//
//   const chat = registerChat(context.extensionUri, chatHost, logger);
//   context.subscriptions.push(chat);
//   commands: openChat → chat.openPanel(id) or chat.showSidebar(); askAboutSelection → chat.prefill(text)
import * as vscode from 'vscode';
import type { Logger } from '../../core/util/logger';
import { ChatActions } from './chatActions';
import type { ChatServices } from './chatController';
import type { ChatHost } from './chatHost';
import { ChatPanelManager } from './chatPanelManager';
import { ChatViewProvider } from './chatViewProvider';
import { SessionTranscripts } from './sessionTranscripts';

export type { ChatHost } from './chatHost';

export interface ChatUi extends vscode.Disposable {
  /** Opens (or reveals) the editor panel of a session. */
  openPanel(sessionId: string, column?: vscode.ViewColumn): void;
  /** Reveals the sidebar chat. */
  showSidebar(): Promise<void>;
  /** Whether this session's chat is on screen: its panel, or the sidebar showing it as the active session. */
  isVisible(sessionId: string): boolean;
  /** Puts text into the chat input (the session's panel when open, else the sidebar) and reveals it. */
  prefill(text: string, sessionId?: string): Promise<void>;
  /** A session's chat panel became the active editor: the composition root can make that session the active one. */
  readonly onDidFocusSession: vscode.Event<string>;
}

export function registerChat(extensionUri: vscode.Uri, host: ChatHost, logger: Logger): ChatUi {
  const actions = new ChatActions(logger);
  const transcripts = new SessionTranscripts(host.loadHistory?.bind(host), logger);
  const services: ChatServices = { host, transcripts, actions, logger, extensionUri };
  const sidebar = new ChatViewProvider(services);
  const panels = new ChatPanelManager(services);
  return {
    openPanel: (sessionId, column) => void panels.open(sessionId, column),
    showSidebar: () => sidebar.reveal(),
    isVisible: (sessionId) => panels.isVisible(sessionId) || (sidebar.isVisible && host.activeSessionId() === sessionId),
    onDidFocusSession: panels.onDidFocusSession,
    prefill: async (text, sessionId) => {
      if (sessionId !== undefined && panels.prefill(sessionId, text)) return;
      await sidebar.prefill(text);
    },
    dispose: () => {
      panels.dispose();
      sidebar.dispose();
      transcripts.dispose();
      actions.dispose();
    },
  };
}
