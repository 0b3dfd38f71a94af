// How a session row looks in the tree: state icon and colour, description, tooltip, context value.
// No `vscode` import: unit-tested in plain Node.
import { Commands } from '../../ids';
import { SessionInfo, SessionState } from '../../core/session/sessionTypes';
import { clip, formatCost, formatCount, relativeTime, shortModel } from '../health/format';
import { escapeMarkdown, ItemView, nodeKey } from './treeNodes';

interface StateLook {
  label: string;
  icon: string;
  color?: string;
}

export const stateLooks: Record<SessionState, StateLook> = {
  queued: { label: 'Waiting for a slot', icon: 'clock', color: 'charts.yellow' },
  starting: { label: 'Starting', icon: 'loading~spin', color: 'charts.blue' },
  idle: { label: 'Ready', icon: 'circle-filled', color: 'charts.green' },
  busy: { label: 'Working', icon: 'sync~spin', color: 'charts.blue' },
  interrupted: { label: 'Interrupted', icon: 'debug-pause', color: 'charts.orange' },
  stopping: { label: 'Stopping', icon: 'loading~spin' },
  stopped: { label: 'Stopped', icon: 'circle-outline', color: 'disabledForeground' },
  failed: { label: 'Failed', icon: 'error', color: 'charts.red' },
};

/** Matches the `viewItem` patterns of package.json's view/item/context menus: `session.busy`, `session.idle`, … */
export function sessionContextValue(state: SessionState): string {
  return `session.${state}`;
}

export function sessionDescription(info: SessionInfo, now: number): string {
  const parts: string[] = [];
  if (info.pendingPermissions > 0) parts.push(info.pendingPermissions === 1 ? 'permission needed' : `${info.pendingPermissions} permissions needed`);
  else if (info.state === 'failed' && info.lastError) parts.push(`failed: ${info.lastError.kind}`);
  else if (info.state === 'queued') parts.push('waiting');
  const model = shortModel(info.model);
  if (model) parts.push(model);
  if (info.costUsd > 0) parts.push(formatCost(info.costUsd));
  parts.push(relativeTime(info.lastActiveAt, now));
  return parts.join(' · ');
}

export function sessionTooltip(info: SessionInfo, now: number): string {
  const look = stateLooks[info.state];
  const lines: string[] = [`**${escapeMarkdown(info.title)}**`, ''];
  if (info.pendingPermissions > 0) lines.push(`$(bell) **${info.pendingPermissions === 1 ? 'A permission request is waiting' : `${info.pendingPermissions} permission requests are waiting`}**`, '');
  const row = (k: string, v: string | undefined) => v !== undefined && v !== '' && lines.push(`- ${k}: ${escapeMarkdown(v)}`);
  row('State', info.stateReason ? `${look.label} — ${info.stateReason}` : look.label);
  row('Folder', info.folder.name);
  row('Model', info.model ?? 'CLI default');
  row('Permission mode', info.permissionMode);
  row('Turns', String(info.turns));
  row('Cost', formatCost(info.costUsd));
  row('Tokens', `${formatCount(info.inputTokens)} in / ${formatCount(info.outputTokens)} out`);
  if (info.queue.length > 0) row('Queued prompts', String(info.queue.length));
  if (info.pid !== undefined && (info.state === 'idle' || info.state === 'busy')) row('Process', `pid ${info.pid}`);
  row('Last active', relativeTime(info.lastActiveAt, now));
  row('Conversation', info.cliSessionId);
  if (info.lastError) lines.push('', `$(warning) Last error (${escapeMarkdown(info.lastError.kind)}): ${escapeMarkdown(clip(info.lastError.message, 300))}`);
  if (info.demo) lines.push('', '_Offline demo: answers come from a scripted stand-in for the API._');
  return lines.join('\n');
}

export function presentSession(info: SessionInfo, now: number, hasChildren: boolean): ItemView {
  const look = stateLooks[info.state];
  const waiting = info.pendingPermissions > 0;
  return {
    id: nodeKey.session(info.id),
    label: info.title,
    description: sessionDescription(info, now),
    icon: waiting ? { id: 'bell-dot', color: 'charts.yellow' } : { id: look.icon, color: look.color },
    tooltipMarkdown: sessionTooltip(info, now),
    contextValue: sessionContextValue(info.state),
    collapsible: hasChildren ? 'collapsed' : 'none',
    command: { command: Commands.openChat, title: 'Open Chat', arguments: [info.id] },
    accessibilityLabel: `${info.title}, ${look.label}${waiting ? ', permission needed' : ''}`,
  };
}
