import * as vscode from 'vscode';
import { ContextKeys, Views } from '../../ids';
import { Session } from '../../core/session/session';
import { Services } from '../services';
import { folderRef } from '../session/folderPicker';
import { onDidChangeTrust } from '../trust/trust';
import { SessionSubscriptions } from './sessionSubscriptions';
import { SessionTreeProvider } from './sessionTreeProvider';
import { pendingTotal } from './treeLayout';
import { TreeNode } from './treeNodes';

/** How often an expanded session's process row (RSS, uptime) is redrawn while the view is visible. */
const ProcessRefreshMs = 3000;
const RelativeTimeRefreshMs = 60_000;

/**
 * The `aicode.sessions` tree view, its badge and the `aicode.hasSessions` / `aicode.permissionPending` context keys.
 * Past sessions open through InternalCommands.openPastSession, registered by registerPastSessionDocuments().
 */
export function registerSessionTree(s: Services): vscode.Disposable[] {
  const provider = new SessionTreeProvider({
    manager: s.manager,
    isTrusted: () => s.isTrusted(),
    workspaceFolders: () => (vscode.workspace.workspaceFolders ?? []).map(folderRef),
    now: Date.now,
  });
  const view = vscode.window.createTreeView<TreeNode>(Views.sessions, { treeDataProvider: provider, showCollapseAll: true });

  const contextKeys = new Map<string, boolean>();
  const setContext = (key: string, value: boolean) => {
    if (contextKeys.get(key) === value) return;
    contextKeys.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  };
  let badge = -1;
  const updateBadge = () => {
    const sessions = s.manager.list();
    const n = pendingTotal(sessions.map((x) => x.info));
    setContext(ContextKeys.hasSessions, sessions.length > 0);
    setContext(ContextKeys.permissionPending, n > 0);
    setContext(ContextKeys.turnRunning, sessions.some((x) => x.info.state === 'busy'));
    if (n === badge) return;
    badge = n;
    view.badge = n > 0 ? { value: n, tooltip: n === 1 ? 'A session needs a permission answer' : `${n} permission requests are waiting` } : undefined;
  };

  const subscriptions = new SessionSubscriptions<Session>(
    s.manager,
    (session, store) => {
      store.add(session.onMessage((m) => provider.onMessage(session, m)));
    },
    (id) => provider.forget(id),
  );

  const ticker = new ProcessTicker(view, (id) => {
    if (s.manager.get(id)?.liveProcess) provider.refresh(provider.processNode(id));
  });
  // Rows say "5m ago": redraw them now and then while someone can see them.
  const clock = setInterval(() => {
    if (view.visible) for (const x of s.manager.list()) provider.refresh(provider.sessionNode(x.id));
  }, RelativeTimeRefreshMs);

  updateBadge();
  return [
    provider,
    view,
    subscriptions,
    ticker,
    { dispose: () => clearInterval(clock) },
    s.manager.onDidChangeSessions(() => {
      provider.refresh();
      updateBadge();
    }),
    s.manager.onDidChangeSession((info) => {
      provider.onInfo(info.id);
      updateBadge();
    }),
    onDidChangeTrust(() => provider.refresh()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => provider.refresh()),
  ];
}

/** Redraws the process rows of expanded sessions every few seconds, only while the view is visible. */
class ProcessTicker implements vscode.Disposable {
  private readonly expanded = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly view: vscode.TreeView<TreeNode>,
    private readonly tick: (sessionId: string) => void,
  ) {
    this.subs = [
      view.onDidExpandElement((e) => this.toggle(e.element, true)),
      view.onDidCollapseElement((e) => this.toggle(e.element, false)),
      view.onDidChangeVisibility(() => this.update()),
    ];
  }

  private toggle(node: TreeNode, open: boolean): void {
    if (node.kind !== 'session') return;
    if (open) this.expanded.add(node.sessionId);
    else this.expanded.delete(node.sessionId);
    this.update();
  }

  private update(): void {
    const want = this.view.visible && this.expanded.size > 0;
    if (want && !this.timer) {
      this.timer = setInterval(() => {
        for (const id of this.expanded) this.tick(id);
      }, ProcessRefreshMs);
    } else if (!want && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const d of this.subs) d.dispose();
  }
}
