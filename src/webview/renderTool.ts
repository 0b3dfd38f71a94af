// Tool call cards and inline permission requests.
import type { PermissionItem, ToolItem } from '../protocol/chatProtocol';
import { button, h, icon } from './dom';
import { collapsible, type RenderContext } from './renderContext';

const toolIcons: Record<string, string> = {
  Bash: 'terminal',
  Read: 'file',
  Write: 'new-file',
  Edit: 'edit',
  MultiEdit: 'edit',
  NotebookEdit: 'notebook',
  Glob: 'search',
  Grep: 'search',
  WebFetch: 'globe',
  WebSearch: 'globe',
  Task: 'organization',
  Agent: 'organization',
  TodoWrite: 'checklist',
};

const statusText: Record<ToolItem['status'], string> = { running: 'Running', done: 'Done', error: 'Failed', denied: 'Denied' };
const statusIcon: Record<ToolItem['status'], string> = { running: 'loading', done: 'pass', error: 'error', denied: 'circle-slash' };

function basename(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

/** A link that asks the host to open the file (the click handler posts openFile; nothing navigates). */
export function fileLink(path: string): HTMLElement {
  return h('a', { class: 'file-link', href: path, title: path, 'data-action': 'open-file', 'data-path': path }, basename(path));
}

function target(item: { command?: string; filePath?: string; summary: string }): HTMLElement | null {
  if (item.command) return h('code', { class: 'tool-command' }, item.command);
  if (item.filePath) return fileLink(item.filePath);
  return item.summary ? h('span', { class: 'tool-summary' }, item.summary) : null;
}

export function renderTool(item: ToolItem, ctx: RenderContext): HTMLElement {
  const status = item.status === 'running' ? icon('loading', 'codicon-modifier-spin') : icon(statusIcon[item.status]);
  const head = h(
    'div',
    { class: 'tool-head' },
    icon(toolIcons[item.name] ?? 'tools'),
    h('span', { class: 'tool-name' }, item.name),
    target(item),
    h('span', { class: `tool-status status-${item.status}` }, status, h('span', { class: 'status-text' }, statusText[item.status])),
    // Icon-only: in a side bar ~300 px wide a labelled button left the file name a single letter ("Write t… Running").
    item.canDiff ? button('Open diff', { icon: 'diff', action: 'open-diff', cls: 'secondary small', iconOnly: true }) : null,
  );
  const el = h('div', { class: `status-${item.status}` }, head);
  if (item.detail && !item.command && !item.filePath) {
    el.appendChild(collapsible(`${item.id}:input`, ['Input'], h('pre', { class: 'tool-pre' }, item.detail), ctx, 'tool-section'));
  }
  if (item.result !== undefined && item.result !== '') {
    const text = item.resultTruncated ? `${item.result}\n… (output truncated)` : item.result;
    el.appendChild(collapsible(`${item.id}:output`, [item.status === 'error' || item.status === 'denied' ? 'Error output' : 'Output'], h('pre', { class: 'tool-pre' }, text), ctx, 'tool-section'));
  }
  return el;
}

const outcomeText: Record<PermissionItem['status'], string> = { pending: '', allowed: 'Allowed', denied: 'Denied', cancelled: 'Cancelled' };

export function renderPermission(item: PermissionItem): HTMLElement {
  const pending = item.status === 'pending';
  // Only a pending request is named "Permission request: …" (the contract e2e tests and screen-reader users rely on);
  // an answered one says how it ended.
  const label = pending ? `Permission request: ${item.toolName}` : `Permission ${outcomeText[item.status].toLowerCase()}: ${item.toolName}`;
  const el = h(
    'div',
    { role: 'group', 'aria-label': label, class: pending ? 'pending' : `settled settled-${item.status}` },
    h('div', { class: 'perm-head' }, icon('shield'), h('strong', {}, `Claude wants to use ${item.toolName}`)),
    item.description && !item.summary.endsWith(item.description) ? h('div', { class: 'perm-description' }, item.description) : null,
    h('div', { class: 'perm-target' }, target(item)),
    item.decisionReason ? h('div', { class: 'muted' }, item.decisionReason) : null,
  );
  if (!pending) {
    el.appendChild(h('div', { class: 'perm-outcome' }, icon(item.status === 'allowed' ? 'check' : 'circle-slash'), outcomeText[item.status]));
    return el;
  }
  const reason = h('input', { type: 'text', class: 'perm-reason', 'aria-label': 'Reason for denying (optional)', placeholder: 'Reason (optional)', maxlength: 2000 });
  el.appendChild(
    h(
      'div',
      { class: 'perm-actions' },
      button('Allow', { action: 'perm-allow', cls: 'primary' }),
      button('Allow for session', { action: 'perm-allow-session', cls: 'secondary' }),
      button('Deny', { action: 'perm-deny', cls: 'secondary' }),
      reason,
      item.canDiff ? button('Open diff', { icon: 'diff', action: 'open-diff', cls: 'secondary' }) : null,
    ),
  );
  return el;
}
