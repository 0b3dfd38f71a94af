import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { Commands, InternalCommands } from '../../ids';
import { redact } from '../../core/util/redact';
import { Services } from '../services';
import { renderHealthBody, updatedText } from './healthBody';
import { parseHealthMessage, renderHealthPage } from './healthPage';
import { healthSnapshot } from './healthSnapshot';
import { SessionStatsTracker } from './sessionStats';

const HealthPanelViewType = 'aicode.healthPanel';
const RefreshMs = 2000;

/** `aicode.showHealth` (one panel, refreshed every 2 s while visible) and `aicode.copyHealthJson`. */
export function registerHealthView(s: Services): vscode.Disposable[] {
  const stats = s.sessionStats;
  let panel: Promise<HealthPanel> | undefined;
  return [
    vscode.commands.registerCommand(Commands.showHealth, async () => {
      if (panel) return (await panel).reveal();
      panel = HealthPanel.create(s, stats, () => (panel = undefined));
      panel.catch(() => (panel = undefined));
      await panel;
    }),
    vscode.commands.registerCommand(InternalCommands.copyHealthJson, async () => {
      const snap = await healthSnapshot(s, stats);
      await vscode.env.clipboard.writeText(redact(JSON.stringify(snap, null, 2)));
      void vscode.window.showInformationMessage('AICode: health snapshot copied as JSON.');
    }),
    { dispose: () => void panel?.then((p) => p.dispose(), () => undefined) },
  ];
}

class HealthPanel implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private lastBody = '';
  private refreshing = false;
  private readonly subs: vscode.Disposable[] = [];

  static async create(s: Services, stats: SessionStatsTracker, onDispose: () => void): Promise<HealthPanel> {
    const panel = vscode.window.createWebviewPanel(HealthPanelViewType, 'Claude Health', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(s.context.extensionUri, 'media')],
    });
    const snap = await healthSnapshot(s, stats);
    const self = new HealthPanel(s, stats, panel, onDispose);
    self.lastBody = renderHealthBody(snap);
    panel.webview.html = renderHealthPage(snap, { nonce: randomBytes(16).toString('base64'), cspSource: panel.webview.cspSource });
    self.updateTimer();
    return self;
  }

  private constructor(
    private readonly s: Services,
    private readonly stats: SessionStatsTracker,
    private readonly panel: vscode.WebviewPanel,
    onDispose: () => void,
  ) {
    this.subs.push(
      panel.onDidDispose(() => {
        this.stop();
        for (const d of this.subs) d.dispose();
        onDispose();
      }),
      panel.onDidChangeViewState(() => {
        this.updateTimer();
        // A hidden webview is discarded and comes back with the last full page: send the current body at once.
        if (panel.visible) {
          this.lastBody = '';
          void this.refresh();
        }
      }),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = parseHealthMessage(raw);
    try {
      if (m?.type === 'copyJson') await vscode.commands.executeCommand(InternalCommands.copyHealthJson);
      else if (m?.type === 'showLogs') await vscode.commands.executeCommand(Commands.showLogs);
      else if (m?.type === 'resetBreaker' && this.s.manager.breakerStates().some((b) => b.folder === m.folder)) {
        // Only a folder the manager knows: the message comes from a page that shows untrusted text.
        await vscode.commands.executeCommand(InternalCommands.resetBreaker, m.folder);
        await this.refresh();
      } else if (m?.type === 'ready') await this.refresh();
    } catch (err) {
      this.s.logger.warn(`Health view: ${(err as Error).message}`);
    }
  }

  private updateTimer(): void {
    if (this.panel.visible && !this.timer) this.timer = setInterval(() => void this.refresh(), RefreshMs);
    else if (!this.panel.visible) this.stop();
  }

  private async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const snap = await healthSnapshot(this.s, this.stats);
      const body = renderHealthBody(snap);
      const changed = body !== this.lastBody;
      this.lastBody = body;
      await this.panel.webview.postMessage({ type: 'update', updated: updatedText(snap), ...(changed ? { html: body } : {}) });
    } catch (err) {
      this.s.logger.debug(`Health view refresh skipped: ${(err as Error).message}`);
    } finally {
      this.refreshing = false;
    }
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.panel.dispose();
  }
}
