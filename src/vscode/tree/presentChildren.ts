// How the rows under a session (to-dos, tool calls, process) and the past sessions look. No `vscode` import.
import { InternalCommands } from '../../ids';
import { PastSession } from '../../core/history/transcripts';
import { FolderRef } from '../../core/session/sessionTypes';
import { clip, formatBytes, formatDuration, relativeTime } from '../health/format';
import { ToolActivity, ToolStatus } from './sessionActivity';
import { Todo, todoLabel, todoProgress } from './todos';
import { escapeMarkdown, ItemView, nodeKey, PastNode } from './treeNodes';

export function presentFolder(folder: FolderRef, sessionCount: number): ItemView {
  return {
    id: nodeKey.folder(folder.fsPath),
    label: folder.name,
    description: sessionCount === 1 ? '1 session' : `${sessionCount} sessions`,
    icon: { id: 'root-folder' },
    tooltipMarkdown: escapeMarkdown(folder.fsPath),
    contextValue: 'folder',
    collapsible: 'expanded',
  };
}

export function presentTodosGroup(sessionId: string, todos: readonly Todo[]): ItemView {
  const p = todoProgress(todos);
  return {
    id: nodeKey.todos(sessionId),
    label: 'To-dos',
    description: `${p.done}/${p.total} done${p.current ? ` · ${clip(todoLabel(p.current), 60)}` : ''}`,
    icon: { id: 'checklist' },
    contextValue: 'todos',
    collapsible: 'expanded',
    accessibilityLabel: `To-dos, ${p.done} of ${p.total} done`,
  };
}

const todoIcons: Record<Todo['status'], { id: string; color?: string }> = {
  pending: { id: 'circle-large-outline' },
  in_progress: { id: 'arrow-circle-right', color: 'charts.blue' },
  completed: { id: 'pass-filled', color: 'charts.green' },
};

const todoStatusText: Record<Todo['status'], string> = { pending: 'to do', in_progress: 'in progress', completed: 'done' };

export function presentTodo(key: string, todo: Todo): ItemView {
  return {
    id: key,
    label: todoLabel(todo),
    description: todo.status === 'in_progress' ? 'in progress' : undefined,
    icon: todoIcons[todo.status],
    tooltipMarkdown: `${escapeMarkdown(todo.content)} — ${todoStatusText[todo.status]}`,
    contextValue: `todo.${todo.status}`,
    collapsible: 'none',
    accessibilityLabel: `${todo.content}, ${todoStatusText[todo.status]}`,
  };
}

export function presentToolsGroup(sessionId: string, tools: readonly ToolActivity[]): ItemView {
  const running = tools.filter((t) => t.status === 'running').length;
  return {
    id: nodeKey.tools(sessionId),
    label: 'Recent tools',
    description: running > 0 ? `${running} running` : tools[0]?.name,
    icon: { id: 'tools' },
    contextValue: 'tools',
    collapsible: 'collapsed',
  };
}

const toolIcons: Record<ToolStatus, { id: string; color?: string }> = {
  running: { id: 'loading~spin', color: 'charts.blue' },
  done: { id: 'pass', color: 'charts.green' },
  error: { id: 'error', color: 'charts.red' },
  denied: { id: 'circle-slash', color: 'charts.orange' },
  interrupted: { id: 'debug-pause', color: 'disabledForeground' },
};

export function presentTool(key: string, tool: ToolActivity, awaitingPermission: boolean): ItemView {
  const status = awaitingPermission ? 'waiting for permission' : tool.status;
  const lines = [`**${escapeMarkdown(tool.name)}**${tool.subagent ? ' (subagent)' : ''} — ${status}`];
  if (tool.summary) lines.push('', escapeMarkdown(tool.summary));
  if (tool.resultPreview) lines.push('', `Result: ${escapeMarkdown(tool.resultPreview)}`);
  return {
    id: key,
    label: tool.subagent ? `↳ ${tool.name}` : tool.name,
    description: tool.summary,
    icon: awaitingPermission ? { id: 'bell', color: 'charts.yellow' } : toolIcons[tool.status],
    tooltipMarkdown: lines.join('\n'),
    contextValue: `tool.${awaitingPermission ? 'waiting' : tool.status}`,
    collapsible: 'none',
    accessibilityLabel: `${tool.name} ${tool.summary}, ${status}`,
  };
}

export interface ProcessFacts {
  pid?: number;
  rssBytes?: number;
  uptimeMs?: number;
  state?: string;
}

export function presentProcess(sessionId: string, p: ProcessFacts): ItemView {
  const parts = [p.rssBytes !== undefined ? formatBytes(p.rssBytes) : undefined, p.uptimeMs !== undefined ? `up ${formatDuration(p.uptimeMs)}` : undefined, p.state];
  return {
    id: nodeKey.process(sessionId),
    label: p.pid !== undefined ? `Process ${p.pid}` : 'Process',
    description: parts.filter((x) => x !== undefined).join(' · '),
    icon: { id: 'server-process' },
    tooltipMarkdown: `Claude CLI process${p.pid !== undefined ? ` pid ${p.pid}` : ''}\n\n- Memory (RSS): ${formatBytes(p.rssBytes)}\n- Uptime: ${formatDuration(p.uptimeMs)}\n- State: ${p.state ?? '–'}`,
    contextValue: 'process',
    collapsible: 'none',
  };
}

export function presentPastGroup(folder: FolderRef): ItemView {
  return {
    id: nodeKey.pastGroup(folder.fsPath),
    label: 'Past sessions',
    icon: { id: 'history' },
    tooltipMarkdown: `Conversations Claude Code saved for ${escapeMarkdown(folder.name)}, including ones started in a terminal`,
    contextValue: 'pastSessions',
    collapsible: 'collapsed',
  };
}

export function presentPast(node: PastNode, now: number): ItemView {
  const p: PastSession = node.past;
  const when = new Date(p.modifiedAt);
  return {
    id: node.key,
    label: node.title,
    description: `${relativeTime(p.modifiedAt, now)} · ${formatBytes(p.sizeBytes)}`,
    icon: { id: 'comment-discussion' },
    tooltipMarkdown: [`**${escapeMarkdown(node.title)}**`, '', `- Last written: ${escapeMarkdown(when.toLocaleString())}`, `- Size: ${formatBytes(p.sizeBytes)}`, `- Conversation: ${escapeMarkdown(p.id)}`, '', 'Click to read it; use Resume to continue it.'].join('\n'),
    contextValue: 'pastSession',
    collapsible: 'none',
    command: { command: InternalCommands.openPastSession, title: 'Open Transcript', arguments: [{ cliSessionId: node.cliSessionId, folderPath: node.folderPath, title: node.title }] },
    accessibilityLabel: `Past session ${node.title}, ${relativeTime(p.modifiedAt, now)}`,
  };
}

export function presentInfo(key: string, label: string): ItemView {
  return { id: key, label, icon: { id: 'info' }, contextValue: 'info', collapsible: 'none' };
}
