// The sidebar chat (webview view `aicode.chat`): follows the active session; with none, the first prompt starts one.
import * as vscode from 'vscode';
import { Views } from '../../ids';
import { ChatController, type ChatServices } from './chatController';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private controller: ChatController | undefined;
  private view: vscode.WebviewView | undefined;
  private pendingPrefill: string | undefined;
  private readonly registration: vscode.Disposable;

  constructor(private readonly services: ChatServices) {
    // retainContextWhenHidden stays off: the page restores itself from its saved state plus the host's snapshot.
    this.registration = vscode.window.registerWebviewViewProvider(Views.chat, this, { webviewOptions: { retainContextWhenHidden: false } });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.controller?.dispose();
    this.view = view;
    const controller = new ChatController(this.services, {
      webview: view.webview,
      visible: () => view.visible,
      onDidChangeVisibility: view.onDidChangeVisibility,
      binding: { kind: 'active' },
      onSessionInfo: (session) => {
        view.description = session ? session.info.title : undefined;
      },
    });
    this.controller = controller;
    if (this.pendingPrefill !== undefined) controller.prefill(this.pendingPrefill);
    this.pendingPrefill = undefined;
    view.onDidDispose(() => {
      controller.dispose();
      if (this.controller === controller) this.controller = undefined;
      this.view = undefined;
    });
  }

  /** Reveals the chat and puts text into its input. */
  async prefill(text: string): Promise<void> {
    if (this.controller) this.controller.prefill(text);
    else this.pendingPrefill = text;
    await this.reveal();
  }

  /** Whether the sidebar chat is on screen (it shows the active session). */
  get isVisible(): boolean {
    return !!this.view?.visible;
  }

  async reveal(): Promise<void> {
    if (this.view) this.view.show(false);
    else await vscode.commands.executeCommand(`${Views.chat}.focus`);
  }

  dispose(): void {
    this.controller?.dispose();
    this.registration.dispose();
  }
}
