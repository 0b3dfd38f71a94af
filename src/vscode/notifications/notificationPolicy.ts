// When to tell the person about a session they are not looking at, and what to say. One notification per session
// at a time; a slot frees when the notification closes or what it announced is over (the request was answered, a
// new turn started), since VS Code cannot close a notification it already showed. No `vscode` import.
import { PermissionRequest } from '../../core/control/permissions';
import { ResultMessage } from '../../core/stream/cliMessages';
import { describeTool } from '../../core/transcript/toolView';
import { clip } from '../health/format';

export type NotificationKind = 'permission' | 'finished';

export interface NotificationText {
  message: string;
  severity: 'info' | 'warning';
}

export class NotificationGate {
  private readonly open = new Map<string, { kind: NotificationKind; token: number }>();
  private next = 0;

  /** A token when a notification may be shown now (and the slot is taken), undefined otherwise. */
  tryOpen(sessionId: string, kind: NotificationKind, ctx: { enabled: boolean; chatVisible: boolean }): number | undefined {
    if (!ctx.enabled || ctx.chatVisible || this.open.has(sessionId)) return undefined;
    const token = ++this.next;
    this.open.set(sessionId, { kind, token });
    return token;
  }

  /** The notification with this token was closed (answered or dismissed). */
  closed(sessionId: string, token: number): void {
    if (this.open.get(sessionId)?.token === token) this.open.delete(sessionId);
  }

  /** What a notification of this kind announced is over. */
  release(sessionId: string, kind: NotificationKind): void {
    if (this.open.get(sessionId)?.kind === kind) this.open.delete(sessionId);
  }

  forget(sessionId: string): void {
    this.open.delete(sessionId);
  }
}

/** Notification text is rendered with links: keep untrusted text from forming one. */
export function plain(text: string, max: number): string {
  return clip(text, max).replace(/\[/g, '(').replace(/\]/g, ')');
}

export function permissionText(title: string, request: Pick<PermissionRequest, 'toolName' | 'input' | 'description'>): NotificationText {
  const what = describeTool(request.toolName, request.input).summary || request.description || '';
  return { message: `Claude needs your permission in "${plain(title, 60)}": ${plain(request.toolName, 40)}${what ? ` ${plain(what, 80)}` : ''}`, severity: 'warning' };
}

/** undefined for turns the person cut short themselves (an interrupt needs no announcement). */
export function finishedText(title: string, result: Pick<ResultMessage, 'is_error' | 'subtype' | 'result' | 'errors' | 'terminal_reason'>): NotificationText | undefined {
  if (typeof result.terminal_reason === 'string' && result.terminal_reason.startsWith('aborted')) return undefined;
  if (!result.is_error) return { message: `Claude finished in "${plain(title, 60)}".`, severity: 'info' };
  const why = result.result || result.errors?.[0] || result.subtype;
  return { message: `Claude stopped with an error in "${plain(title, 60)}": ${plain(why, 120)}`, severity: 'warning' };
}
