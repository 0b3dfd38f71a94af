// Binds one chat webview (sidebar view or editor panel) to a session: renders the HTML, answers `ready` with a
// snapshot, forwards transcript changes through the outbox, validates and routes everything the webview sends.
import * as vscode from 'vscode';
import { Commands } from '../../ids';
import { parseWebviewMessage, SessionErrorItemId, type HostMessage, type ImageAttachment, type WebviewMessage } from '../../protocol/chatProtocol';
import type { PermissionDecision, PermissionRequest } from '../../core/control/permissions';
import type { SessionHandle } from '../../core/session/sessionTypes';
import { DiffableTools } from '../../core/transcript/toolView';
import { DisposableStore } from '../../core/util/disposable';
import type { Logger } from '../../core/util/logger';
import type { ActionResult, ChatActions } from './chatActions';
import { defaultModelChoices, type ChatHost } from './chatHost';
import { chatHtml, webviewOptions } from './chatHtml';
import { ChatOutbox } from './chatOutbox';
import type { SessionTranscript, SessionTranscripts } from './sessionTranscripts';
import { toSessionView } from './sessionView';

export interface ChatServices {
  host: ChatHost;
  transcripts: SessionTranscripts;
  actions: ChatActions;
  logger: Logger;
  extensionUri: vscode.Uri;
}

export interface ChatSurface {
  webview: vscode.Webview;
  visible(): boolean;
  onDidChangeVisibility: vscode.Event<unknown>;
  /** The sidebar follows the active session; a panel shows one session. */
  binding: { kind: 'active' } | { kind: 'fixed'; sessionId: string };
  onSessionInfo?(session: SessionHandle | undefined): void;
}

export class ChatController implements vscode.Disposable {
  private readonly subs = new DisposableStore();
  private sessionSubs = new DisposableStore();
  private readonly outbox: ChatOutbox;
  private session: SessionHandle | undefined;
  private transcript: SessionTranscript | undefined;
  private bindToken = 0;
  private binding: Promise<void> = Promise.resolve();

  constructor(
    private readonly services: ChatServices,
    private readonly surface: ChatSurface,
  ) {
    const { webview } = surface;
    this.outbox = this.subs.add(new ChatOutbox((m) => void webview.postMessage(m)));
    webview.options = webviewOptions(services.extensionUri);
    webview.html = chatHtml(webview, services.extensionUri);
    this.subs.add(webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this.subs.add(
      surface.onDidChangeVisibility(() => {
        if (!surface.visible()) this.outbox.onGone();
      }),
    );
    if (surface.binding.kind === 'active') {
      this.subs.add(services.host.onDidChangeActive((id) => void this.bind(id)));
      void this.bind(services.host.activeSessionId());
    } else void this.bind(surface.binding.sessionId);
  }

  get sessionId(): string | undefined {
    return this.session?.id;
  }

  /** Puts text into the input box (Ask Claude About Selection). */
  prefill(text: string): void {
    this.outbox.send({ type: 'prefill', text });
  }

  private bind(sessionId: string | undefined): Promise<void> {
    const token = ++this.bindToken;
    this.binding = this.doBind(sessionId, token).catch((err: unknown) => this.services.logger.error(err instanceof Error ? err : String(err)));
    return this.binding;
  }

  private async doBind(sessionId: string | undefined, token: number): Promise<void> {
    const session = sessionId !== undefined ? this.services.host.getSession(sessionId) : undefined;
    if (session && session === this.session && this.transcript) return;
    this.sessionSubs.dispose();
    this.sessionSubs = new DisposableStore();
    this.session = session;
    this.transcript = undefined;
    this.surface.onSessionInfo?.(session);
    if (session) {
      const transcript = await this.services.transcripts.get(session);
      if (token !== this.bindToken) return;
      this.transcript = transcript;
      this.sessionSubs.add(transcript.onChanges((c) => this.outbox.items(c)));
      this.sessionSubs.add(
        session.onInfoChange((info) => {
          this.outbox.sessionChanged(toSessionView(info));
          this.surface.onSessionInfo?.(session);
        }),
      );
      this.sessionSubs.add(session.onPermissionRequest((r) => this.autoDiff(transcript, r)));
      for (const r of session.pendingPermissions()) this.autoDiff(transcript, r);
    }
    if (this.outbox.isReady) this.outbox.onReady(this.snapshot());
  }

  private snapshot(): HostMessage {
    const choices = [...(this.services.host.modelChoices?.() ?? defaultModelChoices)];
    if (!this.session || !this.transcript) return { type: 'snapshot', items: [], modelChoices: choices };
    return { type: 'snapshot', session: toSessionView(this.session.info), items: this.transcript.reducer.items(), modelChoices: choices };
  }

  /** Shows the proposed change of an Edit/Write/MultiEdit before the person decides, if the chat is on screen. */
  private autoDiff(transcript: SessionTranscript, request: PermissionRequest): void {
    if (!DiffableTools.includes(request.toolName) || !this.surface.visible() || transcript.autoDiffed.has(request.requestId)) return;
    transcript.autoDiffed.add(request.requestId);
    void this.report(this.services.actions.openDiff(request.toolName, request.input, transcript.session.info.folder.fsPath, true));
  }

  private onMessage(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.services.logger.warn(`chat: rejected a message from the webview: ${parsed.error}`);
      return;
    }
    void this.route(parsed.message).catch((err: unknown) => {
      this.services.logger.error(err instanceof Error ? err : String(err));
      this.banner(err instanceof Error ? err.message : String(err));
    });
  }

  private async route(msg: WebviewMessage): Promise<void> {
    const { actions } = this.services;
    const folder = this.session?.info.folder.fsPath;
    switch (msg.type) {
      case 'ready':
        await this.binding;
        this.outbox.onReady(this.snapshot());
        return;
      case 'send':
        return this.send(msg.text, msg.images);
      case 'interrupt':
        return this.session?.interrupt();
      case 'answerPermission':
        return this.answerPermission(msg.requestId, msg.answer, msg.reason);
      case 'setModel':
        return this.session?.setModel(msg.model);
      case 'pickModel':
        if (this.session) await vscode.commands.executeCommand(Commands.selectModel, { sessionId: this.session.id });
        return;
      case 'setPermissionMode':
        return this.session?.setPermissionMode(msg.mode);
      case 'editQueued':
        if (this.transcript && !this.transcript.editQueued(msg.promptId, msg.text)) this.banner('That prompt was already sent.');
        return;
      case 'removeQueued':
        if (this.transcript && !this.transcript.removeQueued(msg.promptId)) this.banner('That prompt was already sent.');
        return;
      case 'openFile':
        return this.report(actions.openFile(msg.path, msg.line, folder));
      case 'openDiff': {
        const call = msg.toolUseId !== undefined ? this.transcript?.reducer.toolCall(msg.toolUseId) : undefined;
        const request = msg.requestId !== undefined ? this.transcript?.reducer.permission(msg.requestId) : undefined;
        const tool = call ?? (request ? { name: request.toolName, input: request.input } : undefined);
        if (!tool) return this.banner('That tool call is no longer known.');
        return this.report(actions.openDiff(tool.name, tool.input, folder, false));
      }
      case 'insertCode':
        return this.report(actions.insertCode(msg.code));
      case 'newFileWithCode':
        return this.report(actions.newFileWithCode(msg.code, msg.language));
      case 'copyText':
        return this.report(actions.copy(msg.text));
      case 'openLink':
        return this.report(actions.openLink(msg.href));
      case 'mentionQuery': {
        const items = await actions.searchFiles(msg.query);
        this.outbox.send({ type: 'mentionResults', requestId: msg.requestId, items });
        this.outbox.flush();
        return;
      }
      case 'errorAction':
        return this.errorAction(msg.itemId);
    }
  }

  private async send(text: string, images: ImageAttachment[]): Promise<void> {
    if (!this.transcript) {
      if (this.surface.binding.kind === 'fixed') return this.banner('This session is no longer available. Start a new one from the Sessions view.');
      // The sidebar with no session yet: the first prompt starts one.
      const session = await this.services.host.createSession();
      await this.bind(session.id);
      // createSession() also makes it active, which may rebind concurrently: wait for whichever bind is the latest.
      await this.binding;
    }
    if (!this.transcript) return this.banner('The session could not be started.');
    this.transcript.send(text, images);
  }

  private answerPermission(requestId: string, answer: 'allow' | 'allowSession' | 'deny', reason: string | undefined): void {
    const session = this.session;
    const request = session?.pendingPermissions().find((r) => r.requestId === requestId);
    if (!session || !request) {
      this.services.logger.info(`chat: permission ${requestId} was already answered or withdrawn`);
      return;
    }
    let decision: PermissionDecision;
    if (answer === 'deny') decision = { behavior: 'deny', message: reason?.trim() || 'The user denied this in the chat.' };
    else if (answer === 'allow') decision = { behavior: 'allow' };
    else {
      // The CLI's own suggestion when it made one (claude-cli-protocol.md §4), else "allow this tool for the session".
      const rules = request.suggestions.length > 0 ? request.suggestions : [{ type: 'addRules', rules: [{ toolName: request.toolName }], behavior: 'allow', destination: 'session' }];
      decision = { behavior: 'allow', updatedPermissions: rules };
    }
    session.answerPermission(requestId, decision);
  }

  private async errorAction(itemId: string): Promise<void> {
    if (itemId === SessionErrorItemId) {
      const action = this.session?.info.lastError?.action;
      if (action && action.command.startsWith('aicode.')) await vscode.commands.executeCommand(action.command, this.session?.id);
      return;
    }
    const kind = this.transcript?.reducer.errorAction(itemId);
    if (kind === 'retry') {
      if (!this.transcript?.retry()) this.banner('There is no earlier prompt to send again.');
    } else if (kind === 'setCredentials') await vscode.commands.executeCommand(Commands.setCredentials);
  }

  private async report(result: Promise<ActionResult>): Promise<void> {
    const problem = await result;
    if (problem) this.banner(problem);
  }

  private banner(message: string): void {
    this.outbox.send({ type: 'banner', level: 'error', message });
  }

  dispose(): void {
    this.bindToken++;
    this.sessionSubs.dispose();
    this.subs.dispose();
  }
}
