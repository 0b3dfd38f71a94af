// Markdown and JSON renderings of a conversation, for "Export Transcript…" and the read-only past-session view.
// Strings shaped like API keys or tokens are masked (core/util/redact): exports get pasted into issues and chats.
// No `vscode` import: unit-tested in plain Node.
import { redact } from '../../core/util/redact';
import { clip, formatCost, formatCount, formatDuration } from '../health/format';
import { ExportEntry } from './exportEntries';

export interface ExportMeta {
  title: string;
  folder: string;
  cliSessionId?: string;
  model?: string;
  exportedAt: string;
  /** Session totals, when the session is live in this window (a transcript file carries no costs). */
  totals?: { costUsd: number; inputTokens: number; outputTokens: number; turns: number };
}

export type ExportFormat = 'markdown' | 'json';

export function formatTranscript(format: ExportFormat, meta: ExportMeta, entries: readonly ExportEntry[]): string {
  return format === 'json' ? toJson(meta, entries) : toMarkdown(meta, entries);
}

export function toJson(meta: ExportMeta, entries: readonly ExportEntry[]): string {
  return `${JSON.stringify(redactDeep({ format: 'aicode-transcript', version: 1, session: meta, entries }), null, 2)}\n`;
}

export function toMarkdown(meta: ExportMeta, entries: readonly ExportEntry[]): string {
  const out: string[] = [`# ${oneLine(meta.title)}`, ''];
  out.push(`- Folder: ${oneLine(meta.folder)}`);
  if (meta.model) out.push(`- Model: ${oneLine(meta.model)}`);
  if (meta.cliSessionId) out.push(`- Conversation: \`${meta.cliSessionId}\``);
  if (meta.totals) {
    const t = meta.totals;
    out.push(`- Turns: ${t.turns} · cost ${formatCost(t.costUsd)} · tokens ${formatCount(t.inputTokens)} in / ${formatCount(t.outputTokens)} out`);
  }
  out.push(`- Exported: ${meta.exportedAt}`, '');
  // One "Claude" heading per reply: its text, tool calls and footer sit under it until the next prompt.
  let inReply = false;
  for (const e of entries) {
    if (e.type === 'user') inReply = false;
    else if (!inReply) {
      out.push('## Claude', '');
      inReply = true;
    }
    out.push(...entryMarkdown(e), '');
  }
  return redact(`${out.join('\n').trimEnd()}\n`);
}

function entryMarkdown(e: ExportEntry): string[] {
  switch (e.type) {
    case 'user':
      return ['## You', '', e.text, ...(e.images ? ['', `_(${e.images} image${e.images === 1 ? '' : 's'} attached)_`] : [])];
    case 'assistant':
      return e.subagent ? ['_Subagent:_', '', e.text] : [e.text];
    case 'tool': {
      const lines = [`**Tool: ${oneLine(e.name)}**${e.subagent ? ' (subagent)' : ''} — ${e.status}${e.summary ? ` — \`${oneLine(e.summary).replace(/`/g, "'")}\`` : ''}`, ''];
      if (Object.keys(e.input).length > 0) lines.push('Input:', '', ...fenced(prettyJson(e.input), 'json'), '');
      if (e.result !== undefined) lines.push(`Result${e.resultTruncated ? ' (truncated)' : ''}:`, '', ...fenced(e.result || '(empty)', 'text'));
      return trimBlank(lines);
    }
    case 'turn': {
      const parts = [e.isError ? `Turn ended with an error (${e.subtype})` : 'Turn done'];
      if (e.costUsd !== undefined) parts.push(formatCost(e.costUsd));
      if (e.inputTokens !== undefined || e.outputTokens !== undefined) parts.push(`${formatCount(e.inputTokens ?? 0)} in / ${formatCount(e.outputTokens ?? 0)} out`);
      if (e.durationMs !== undefined) parts.push(formatDuration(e.durationMs));
      return [`_${parts.join(' · ')}_`];
    }
    case 'error':
      return [`> **Error:** ${oneLine(e.message)}`];
    case 'note':
      return [`_${oneLine(e.text)}_`];
  }
}

/** A fenced block whose fence is longer than any backtick run inside, so tool output cannot close it early. */
export function fenced(text: string, lang: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, text.replace(/\n$/, ''), fence];
}

function prettyJson(v: unknown): string {
  try {
    return JSON.stringify(v, null, 2) ?? '';
  } catch {
    return String(v);
  }
}

/** Headings and list items are one line; nothing an export shows is cut short. */
function oneLine(text: string): string {
  return clip(text, Number.MAX_SAFE_INTEGER);
}

function trimBlank(lines: string[]): string[] {
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function redactDeep(v: unknown): unknown {
  if (typeof v === 'string') return redact(v);
  if (Array.isArray(v)) return v.map(redactDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x)]));
  return v;
}

/** A safe default file name from an untrusted title: `Fix the login bug` → `fix-the-login-bug.md`. */
export function exportFileName(title: string, format: ExportFormat): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'claude-session'}.${format === 'json' ? 'json' : 'md'}`;
}
