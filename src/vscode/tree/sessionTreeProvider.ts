import * as vscode from 'vscode';
import { listPastSessions, PastSession } from '../../core/history/transcripts';
import { Session } from '../../core/session/session';
import { SessionManager } from '../../core/session/sessionManager';
import { FolderRef } from '../../core/session/sessionTypes';
import { presentFolder, presentInfo, presentPast, presentPastGroup, presentProcess, presentTodo, presentTodosGroup, presentTool, presentToolsGroup } from './presentChildren';
import { presentSession } from './presentSession';
import { RefreshScheduler } from './refreshScheduler';
import { SessionActivity } from './sessionActivity';
import { toTreeItem } from './treeItems';
import { rootLayout, sessionsOf } from './treeLayout';
import { FolderNode, nodeKey, PastGroupNode, PastNode, ProcessNode, SessionNode, TodosNode, ToolsNode, TreeNode } from './treeNodes';

export interface TreeEnvironment {
  manager: SessionManager;
  isTrusted(): boolean;
  workspaceFolders(): FolderRef[];
  now(): number;
  /** Past sessions of a folder (listPastSessions, injectable for tests). */
  listPast?(fsPath: string): Promise<PastSession[]>;
}

/**
 * Folders → sessions → (to-dos, recent tools, process), plus "Past sessions" per folder. Nodes are kept one per key
 * so `refresh(node)` names exactly the row that changed; refreshes are batched by a RefreshScheduler (~100 ms).
 */
export class SessionTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly scheduler = new RefreshScheduler<TreeNode>((batch) => this.changed.fire(batch));
  private readonly stable = new Map<string, TreeNode>();
  private readonly activities = new Map<string, { activity: SessionActivity; fromEmptyLog: boolean }>();
  private readonly pastCache = new Map<string, { at: number; list: Promise<PastSession[]> }>();

  constructor(private readonly env: TreeEnvironment) {}

  /** Schedules a refresh of one row (and its children when expanded), or of everything. */
  refresh(node?: TreeNode): void {
    this.scheduler.schedule(node);
  }

  sessionNode(id: string): SessionNode {
    return this.node(nodeKey.session(id), () => ({ kind: 'session', key: nodeKey.session(id), sessionId: id }));
  }
  processNode(id: string): ProcessNode {
    return this.node(nodeKey.process(id), () => ({ kind: 'process', key: nodeKey.process(id), sessionId: id }));
  }

  /** A CLI message arrived for a session: fold it into its activity and refresh the rows it changed. */
  onMessage(session: Session, m: Parameters<SessionActivity['apply']>[0]): void {
    const entry = this.activities.get(session.id);
    if (!entry) return; // built lazily from messages() the first time the row is drawn
    const before = { todos: !!entry.activity.todos?.length, tools: entry.activity.tools.length > 0 };
    const change = entry.activity.apply(m);
    entry.fromEmptyLog = false;
    if (!change.todos && !change.tools) return;
    const after = { todos: !!entry.activity.todos?.length, tools: entry.activity.tools.length > 0 };
    if (before.todos !== after.todos || before.tools !== after.tools) return this.refresh(this.sessionNode(session.id));
    if (change.todos) this.refresh(this.node(nodeKey.todos(session.id), () => ({ kind: 'todos', key: nodeKey.todos(session.id), sessionId: session.id })));
    if (change.tools) this.refresh(this.node(nodeKey.tools(session.id), () => ({ kind: 'tools', key: nodeKey.tools(session.id), sessionId: session.id })));
  }

  /** A session's info changed: redraw its row; an activity built before its history was seeded is rebuilt. */
  onInfo(id: string): void {
    if (this.activities.get(id)?.fromEmptyLog) this.activities.delete(id);
    this.refresh(this.sessionNode(id));
  }

  forget(id: string): void {
    this.activities.delete(id);
    for (const key of [...this.stable.keys()]) if (key === nodeKey.session(id) || key.startsWith(`${nodeKey.session(id)}/`)) this.stable.delete(key);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
    const now = this.env.now();
    switch (node.kind) {
      case 'folder':
        return toTreeItem(presentFolder(node.folder, sessionsOf(node.folder, this.env.manager.list()).length));
      case 'session': {
        const s = this.env.manager.get(node.sessionId);
        if (!s) return toTreeItem(presentInfo(node.key, 'Session closed'));
        return toTreeItem(presentSession(s.info, now, this.activity(s).hasContent || !!s.liveProcess));
      }
      case 'todos':
        return toTreeItem(presentTodosGroup(node.sessionId, this.sessionActivity(node.sessionId)?.todos ?? []));
      case 'todo':
        return toTreeItem(presentTodo(node.key, node.todo));
      case 'tools':
        return toTreeItem(presentToolsGroup(node.sessionId, this.sessionActivity(node.sessionId)?.tools ?? []));
      case 'tool':
        return toTreeItem(presentTool(node.key, node.tool, node.awaitingPermission));
      case 'process':
        return this.processItem(node.sessionId, now);
      case 'pastGroup':
        return toTreeItem(presentPastGroup(node.folder));
      case 'past':
        return toTreeItem(presentPast(node, now));
      case 'info':
        return toTreeItem(presentInfo(node.key, node.label));
    }
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      const layout = rootLayout(this.env.isTrusted(), this.env.workspaceFolders(), this.env.manager.list().map((s) => s.info));
      if (layout.kind === 'empty') return [];
      return layout.kind === 'flat' ? this.folderChildren(layout.folder) : layout.folders.map((f) => this.folderNode(f));
    }
    switch (node.kind) {
      case 'folder':
        return this.folderChildren(node.folder);
      case 'session':
        return this.sessionChildren(node.sessionId);
      case 'todos':
        return (this.sessionActivity(node.sessionId)?.todos ?? []).map((todo, i) => ({ kind: 'todo', key: `${node.key}/${i}`, parentKey: node.key, todo }));
      case 'tools': {
        const waiting = new Set(this.env.manager.get(node.sessionId)?.pendingPermissions().map((p) => p.toolUseId) ?? []);
        return (this.sessionActivity(node.sessionId)?.tools ?? []).map((tool) => ({ kind: 'tool', key: `${node.key}/${tool.id}`, parentKey: node.key, tool, awaitingPermission: tool.status === 'running' && waiting.has(tool.id) }));
      }
      case 'pastGroup':
        return this.pastChildren(node);
      default:
        return [];
    }
  }

  private folderChildren(folder: FolderRef): TreeNode[] {
    const sessions: TreeNode[] = sessionsOf(folder, this.env.manager.list()).map((s) => this.sessionNode(s.id));
    const past: PastGroupNode = this.node(nodeKey.pastGroup(folder.fsPath), () => ({ kind: 'pastGroup', key: nodeKey.pastGroup(folder.fsPath), folder }));
    return [...sessions, past];
  }

  private sessionChildren(id: string): TreeNode[] {
    const s = this.env.manager.get(id);
    if (!s) return [];
    const a = this.activity(s);
    const out: TreeNode[] = [];
    if (a.todos?.length) out.push(this.node<TodosNode>(nodeKey.todos(id), () => ({ kind: 'todos', key: nodeKey.todos(id), sessionId: id })));
    if (a.tools.length) out.push(this.node<ToolsNode>(nodeKey.tools(id), () => ({ kind: 'tools', key: nodeKey.tools(id), sessionId: id })));
    if (s.liveProcess) out.push(this.processNode(id));
    return out;
  }

  private async pastChildren(group: PastGroupNode): Promise<TreeNode[]> {
    const live = new Set(this.env.manager.list().map((s) => s.info.cliSessionId));
    const list = (await this.pastSessions(group.folder.fsPath)).filter((p) => !live.has(p.id));
    if (list.length === 0) return [{ kind: 'info', key: `${group.key}/none`, parentKey: group.key, label: 'No past sessions' }];
    return list.map((p): PastNode => ({ kind: 'past', key: `${group.key}/${p.id}`, parentKey: group.key, cliSessionId: p.id, folderPath: group.folder.fsPath, folderName: group.folder.name, title: p.title, past: p }));
  }

  /** Cached for a few seconds: listing reads the head of every transcript file. */
  private pastSessions(fsPath: string): Promise<PastSession[]> {
    const now = this.env.now();
    const hit = this.pastCache.get(fsPath);
    if (hit && now - hit.at < 5000) return hit.list;
    const list = (this.env.listPast ?? ((p: string) => listPastSessions(p)))(fsPath).catch(() => [] as PastSession[]);
    this.pastCache.set(fsPath, { at: now, list });
    return list;
  }

  private async processItem(id: string, now: number): Promise<vscode.TreeItem> {
    const p = this.env.manager.get(id)?.liveProcess;
    const rssBytes = p ? await p.rss() : undefined;
    return toTreeItem(presentProcess(id, { pid: p?.pid, rssBytes, uptimeMs: p ? now - p.spawnedAt : undefined, state: p?.state ?? 'exited' }));
  }

  private activity(s: Session): SessionActivity {
    let entry = this.activities.get(s.id);
    if (!entry) {
      const messages = s.messages();
      entry = { activity: SessionActivity.from(messages), fromEmptyLog: messages.length === 0 };
      this.activities.set(s.id, entry);
    }
    return entry.activity;
  }

  private sessionActivity(id: string): SessionActivity | undefined {
    const s = this.env.manager.get(id);
    return s ? this.activity(s) : undefined;
  }

  private folderNode(folder: FolderRef): FolderNode {
    return this.node(nodeKey.folder(folder.fsPath), () => ({ kind: 'folder', key: nodeKey.folder(folder.fsPath), folder }));
  }

  private node<T extends TreeNode>(key: string, make: () => T): T {
    let n = this.stable.get(key);
    if (!n) this.stable.set(key, (n = make()));
    return n as T;
  }

  dispose(): void {
    this.scheduler.dispose();
    this.changed.dispose();
  }
}
