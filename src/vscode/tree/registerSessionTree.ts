import * as vscode from 'vscode';
import { Views } from '../../ids';
import { Session } from '../../core/session/session';
import { Services } from '../services';
import { folderRef } from '../session/folderPicker';
import { onDidChangeTrust } from '../trust/trust';
import { registerPastSessionDocuments } from './pastSessionDocument';
import { SessionSubscriptions } from './sessionSubscriptions';
import { SessionTreeProvider } from './sessionTreeProvider';
import { pendingTotal } from './treeLayout';
import { TreeNode } from './treeNodes';

/** How often an expanded session's process row (RSS, uptime) is redrawn while the view is visible. */
const ProcessRefreshMs = 3000;

/** The `aicode.sessions` tree view, its badge, live refresh, and the read-only past-session documents. */
export function registerSessionTree(s: Services): vscode.Disposable[] {
  const provider = new SessionTreeProvider({
    manager: s.manager,
    isTrusted: () => s.isTrusted(),
    workspaceFolders: () => (vscode.workspace.workspaceFolders ?? []).map(folderRef),
    now: Date.now,
  });
  const view = vscode.window.createTreeView<TreeNode>(Views.sessions, { treeDataProvider: provider, showCollapseAll: true });

  const updateBadge = () => {
    const n = pendingTotal(s.manager.list().map((x) => x.info));
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

  updateBadge();
  return [
    provider,
    view,
    subscriptions,
    ticker,
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
    ...registerPastSessionDocuments(),
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
