// The elements of the `aicode.sessions` tree and how each one looks, as plain data (no `vscode` import).
// Node objects are kept stable (one per key) so a refresh can name exactly the element that changed.
import { PastSession } from '../../core/history/transcripts';
import { FolderRef } from '../../core/session/sessionTypes';
import { ToolActivity } from './sessionActivity';
import { Todo } from './todos';

export interface FolderNode {
  kind: 'folder';
  key: string;
  folder: FolderRef;
}
/** Carries `sessionId`, which is what the session commands read from a tree element. */
export interface SessionNode {
  kind: 'session';
  key: string;
  sessionId: string;
}
export interface TodosNode {
  kind: 'todos';
  key: string;
  sessionId: string;
}
export interface TodoNode {
  kind: 'todo';
  key: string;
  parentKey: string;
  todo: Todo;
}
export interface ToolsNode {
  kind: 'tools';
  key: string;
  sessionId: string;
}
export interface ToolNode {
  kind: 'tool';
  key: string;
  parentKey: string;
  tool: ToolActivity;
  awaitingPermission: boolean;
}
export interface ProcessNode {
  kind: 'process';
  key: string;
  sessionId: string;
}
export interface PastGroupNode {
  kind: 'pastGroup';
  key: string;
  folder: FolderRef;
}
/** Carries `cliSessionId` + `folderPath` (+ `title`): what `aicode.resumeSession` and the exporter need. */
export interface PastNode {
  kind: 'past';
  key: string;
  parentKey: string;
  cliSessionId: string;
  folderPath: string;
  folderName: string;
  title: string;
  past: PastSession;
}
export interface InfoNode {
  kind: 'info';
  key: string;
  parentKey: string;
  label: string;
}

export type TreeNode = FolderNode | SessionNode | TodosNode | TodoNode | ToolsNode | ToolNode | ProcessNode | PastGroupNode | PastNode | InfoNode;

export const nodeKey = {
  folder: (fsPath: string) => `folder:${fsPath}`,
  session: (id: string) => `session:${id}`,
  todos: (id: string) => `session:${id}/todos`,
  tools: (id: string) => `session:${id}/tools`,
  process: (id: string) => `session:${id}/process`,
  pastGroup: (fsPath: string) => `past:${fsPath}`,
};

export type Collapsible = 'none' | 'collapsed' | 'expanded';

/** How one tree item looks; turned into a vscode.TreeItem by treeItems.ts. */
export interface ItemView {
  id: string;
  label: string;
  description?: string;
  /** A codicon id and an optional theme colour id (`charts.green`). */
  icon?: { id: string; color?: string };
  tooltipMarkdown?: string;
  contextValue?: string;
  collapsible: Collapsible;
  command?: { command: string; title: string; arguments: unknown[] };
  accessibilityLabel?: string;
}

/** Escapes text for a markdown tooltip: titles, prompts and tool input are untrusted. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&$]/g, '\\$&').replace(/\r?\n/g, ' ');
}
