// The status bar item as a pure function of what the extension knows: untrusted, degraded (the CLI is missing, a
// folder's breaker is open, Claude is signed out), waiting for a permission answer, working, or healthy.
// No `vscode` import: unit-tested in plain Node.
import { Commands } from '../../ids';
import { SessionState } from '../../core/session/sessionTypes';
import { clip, formatBytes } from '../health/format';
import { escapeMarkdown } from '../tree/treeNodes';
import { ManageTrustCommand } from '../trust/trustCommand';

export interface StatusSession {
  id: string;
  title: string;
  state: SessionState;
  pendingPermissions: number;
  /** The session's error, while it is still the latest outcome (see CurrentErrors). */
  currentError?: { kind: string; message: string; at: number };
}

export interface StatusInput {
  trusted: boolean;
  sessions: readonly StatusSession[];
  cli: { path?: string; version?: string; source?: string; error?: { kind: string; message: string } };
  breakers: readonly { folder: string; state: string; lastError?: string }[];
  pool: { ready: number; starting: number; capacity: number; rssBytes?: number };
  authSource?: string;
  demo?: boolean;
}

export type Severity = 'ok' | 'working' | 'attention' | 'degraded' | 'disabled';

export interface StatusView {
  text: string;
  severity: Severity;
  tooltipMarkdown: string;
  /** The only commands the tooltip's links may run (the markdown also holds untrusted, escaped text). */
  tooltipCommands: string[];
  command: { command: string; title: string; arguments?: unknown[] };
  accessibilityLabel: string;
}

const cliProblems: Record<string, string> = { cliNotFound: 'CLI not found', cliNotExecutable: 'CLI cannot run', cliTooOld: 'CLI too old' };
const health = { command: Commands.showHealth, title: 'Show Health' };

export function computeStatus(input: StatusInput): StatusView {
  const demo = input.demo ? ' (demo)' : '';
  const tooltip = statusTooltip(input);
  const view = (text: string, severity: Severity, label: string, command: StatusView['command'] = health): StatusView => ({
    text: `${text}${demo}`,
    severity,
    tooltipMarkdown: tooltip,
    tooltipCommands: [Commands.showHealth, Commands.showLogs, Commands.setCredentials, ManageTrustCommand],
    command,
    accessibilityLabel: `Claude: ${label}${demo}`,
  });
  if (!input.trusted) return view('$(workspace-untrusted) Untrusted — Claude disabled', 'disabled', 'untrusted workspace, Claude disabled', { command: ManageTrustCommand, title: 'Manage Workspace Trust' });
  const cliProblem = input.cli.error ? cliProblems[input.cli.error.kind] : undefined;
  if (cliProblem) return view(`$(warning) Claude: ${cliProblem}`, 'degraded', cliProblem);
  if (input.sessions.some((s) => s.currentError?.kind === 'auth')) return view('$(warning) Claude: signed out', 'degraded', 'authentication failed');
  const broken = input.breakers.filter((b) => b.state === 'open' || b.state === 'isolated');
  if (broken.length > 0) return view('$(warning) Claude: paused after failures', 'degraded', `circuit breaker open in ${broken.length} folder${broken.length === 1 ? '' : 's'}`);
  const waiting = input.sessions.filter((s) => s.pendingPermissions > 0);
  if (waiting.length > 0) {
    return view('$(bell) Claude: permission needed', 'attention', 'a permission request is waiting', { command: Commands.openChat, title: 'Answer the Permission Request', arguments: [waiting[0].id] });
  }
  const running = input.sessions.filter((s) => s.state === 'busy' || s.state === 'starting').length;
  if (running > 0) return view(`$(sync~spin) Claude: ${running} running`, 'working', `${running} session${running === 1 ? '' : 's'} running`);
  return view('$(sparkle) Claude', 'ok', 'ready');
}

export function statusTooltip(input: StatusInput): string {
  const lines: string[] = ['**Claude Code**', ''];
  if (!input.trusted) lines.push('$(workspace-untrusted) This workspace is not trusted, so no Claude process starts here.', '');
  const c = input.cli;
  if (c.error && c.error.kind !== 'untrusted') lines.push(`- CLI: $(error) ${escapeMarkdown(clip(c.error.message, 200))}`);
  else if (c.path) lines.push(`- CLI: \`${c.path.replace(/`/g, "'")}\` ${escapeMarkdown(c.version ?? '')}${c.source ? ` (${escapeMarkdown(c.source)})` : ''}`);
  else lines.push('- CLI: not looked up yet (found when the first session or warm process starts)');
  lines.push(`- Auth: ${input.authSource ? escapeMarkdown(input.authSource) : 'not reported yet'}`);
  const count = (pred: (s: StatusSession) => boolean) => input.sessions.filter(pred).length;
  const running = count((s) => s.state === 'busy' || s.state === 'starting');
  const queued = count((s) => s.state === 'queued');
  const failed = count((s) => s.state === 'failed');
  const pending = input.sessions.reduce((n, s) => n + s.pendingPermissions, 0);
  lines.push(`- Sessions: ${input.sessions.length} · ${running} running${queued ? ` · ${queued} waiting for a slot` : ''}${failed ? ` · ${failed} failed` : ''}${pending ? ` · $(bell) ${pending} permission request${pending === 1 ? '' : 's'}` : ''}`);
  const p = input.pool;
  lines.push(`- Warm pool: ${p.ready}/${p.capacity} ready${p.starting ? `, ${p.starting} starting` : ''}${p.rssBytes ? ` · ${formatBytes(p.rssBytes)}` : ''}`);
  const notClosed = input.breakers.filter((b) => b.state !== 'closed');
  if (notClosed.length === 0) lines.push(`- Breakers: ${input.breakers.length ? 'all closed' : 'none yet'}`);
  for (const b of notClosed) lines.push(`- Breaker ${escapeMarkdown(b.folder)}: **${b.state === 'halfOpen' ? 'half-open (trying again)' : b.state}**${b.lastError ? ` — ${escapeMarkdown(clip(b.lastError, 160))}` : ''}`);
  const last = input.sessions.filter((s) => s.currentError).sort((a, b) => (b.currentError?.at ?? 0) - (a.currentError?.at ?? 0))[0];
  if (last?.currentError) lines.push('', `$(warning) Last error in "${escapeMarkdown(clip(last.title, 60))}" (${escapeMarkdown(last.currentError.kind)}): ${escapeMarkdown(clip(last.currentError.message, 200))}`);
  const links = [`[Show Health](command:${Commands.showHealth})`, `[Show Logs](command:${Commands.showLogs})`];
  if (input.sessions.some((s) => s.currentError?.kind === 'auth')) links.push(`[Set Credentials…](command:${Commands.setCredentials})`);
  if (!input.trusted) links.push(`[Manage Workspace Trust](command:${ManageTrustCommand})`);
  lines.push('', links.join(' · '));
  return lines.join('\n');
}
