// Chat editor panels: one per session, several open at once, restored after a reload by the serializer (the page
// saves its session id in its webview state).
import * as vscode from 'vscode';
import { ChatPanelViewType } from '../../ids';
import { ChatController, type ChatServices } from './chatController';
import { mediaRoot } from './chatHtml';

interface OpenPanel {
  panel: vscode.WebviewPanel;
  controller: ChatController;
}

export class ChatPanelManager implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private readonly registration: vscode.Disposable;
  private readonly focused = new vscode.EventEmitter<string>();
  /** A session's panel became the active editor (for "the session whose chat was focused last"). */
  readonly onDidFocusSession = this.focused.event;

  constructor(private readonly services: ChatServices) {
    this.registration = vscode.window.registerWebviewPanelSerializer(ChatPanelViewType, this);
  }

  /** Shows the session's panel, creating it if needed. */
  isVisible(sessionId: string): boolean {
    return !!this.panels.get(sessionId)?.panel.visible;
  }

  open(sessionId: string, column: vscode.ViewColumn = vscode.ViewColumn.Active): vscode.WebviewPanel {
    const existing = this.panels.get(sessionId);
    if (existing) {
      existing.panel.reveal(column);
      return existing.panel;
    }
    const title = this.services.host.getSession(sessionId)?.info.title ?? 'Claude';
    const panel = vscode.window.createWebviewPanel(ChatPanelViewType, title, column, {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      localResourceRoots: [mediaRoot(this.services.extensionUri)],
    });
    this.attach(panel, sessionId);
    return panel;
  }

  prefill(sessionId: string, text: string): boolean {
    const open = this.panels.get(sessionId);
    if (!open) return false;
    open.controller.prefill(text);
    open.panel.reveal();
    return true;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const sessionId = typeof state === 'object' && state !== null ? (state as { sessionId?: unknown }).sessionId : undefined;
    if (typeof sessionId !== 'string' || this.panels.has(sessionId)) {
      panel.dispose();
      return;
    }
    this.attach(panel, sessionId);
  }

  private attach(panel: vscode.WebviewPanel, sessionId: string): void {
    panel.iconPath = vscode.Uri.joinPath(mediaRoot(this.services.extensionUri), 'aicode.svg');
    const controller = new ChatController(this.services, {
      webview: panel.webview,
      visible: () => panel.visible,
      onDidChangeVisibility: panel.onDidChangeViewState,
      binding: { kind: 'fixed', sessionId },
      onSessionInfo: (session) => {
        panel.title = session ? `Claude: ${session.info.title}` : 'Claude (session ended)';
      },
    });
    this.panels.set(sessionId, { panel, controller });
    panel.onDidChangeViewState(() => {
      if (panel.active) this.focused.fire(sessionId);
    });
    panel.onDidDispose(() => {
      controller.dispose();
      if (this.panels.get(sessionId)?.panel === panel) this.panels.delete(sessionId);
    });
  }

  dispose(): void {
    for (const { panel } of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
    this.registration.dispose();
    this.focused.dispose();
  }
}
