// How a tool call looks in the chat: a one-line summary, the file it touches, its output as text.

export const DiffableTools: readonly string[] = ['Edit', 'Write', 'MultiEdit'];
const FileTools = ['Read', 'Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'NotebookRead'];

/** Longest tool output kept in the view model; the full text stays with the CLI. */
export const MaxResultChars = 20_000;
const MaxDetailChars = 4_000;
const MaxSummaryChars = 200;

export interface ToolView {
  summary: string;
  filePath?: string;
  command?: string;
  detail?: string;
  canDiff: boolean;
}

function s(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function oneLine(text: string, max = MaxSummaryChars): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function describeTool(name: string, input: Record<string, unknown>): ToolView {
  const filePath = FileTools.includes(name) ? (s(input.file_path) ?? s(input.notebook_path)) : undefined;
  const command = name === 'Bash' ? s(input.command) : undefined;
  return {
    summary: oneLine(summaryFor(name, input, filePath, command)),
    ...(filePath ? { filePath } : {}),
    ...(command ? { command } : {}),
    ...detailFor(input),
    canDiff: DiffableTools.includes(name) && filePath !== undefined,
  };
}

function summaryFor(name: string, input: Record<string, unknown>, filePath?: string, command?: string): string {
  if (command) return command;
  if (filePath) return filePath;
  switch (name) {
    case 'Glob':
    case 'Grep': {
      const where = s(input.path) ?? s(input.glob);
      return [s(input.pattern), where && `in ${where}`].filter(Boolean).join(' ');
    }
    case 'WebFetch':
      return s(input.url) ?? '';
    case 'WebSearch':
      return s(input.query) ?? '';
    case 'Task':
    case 'Agent':
      return s(input.description) ?? s(input.subagent_type) ?? '';
    case 'TodoWrite':
      return Array.isArray(input.todos) ? `${input.todos.length} to-dos` : '';
    default: {
      const first = Object.values(input).find((v) => typeof v === 'string' && v.length > 0);
      return typeof first === 'string' ? first : Object.keys(input).length > 0 ? safeJson(input) : '';
    }
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

function detailFor(input: Record<string, unknown>): { detail?: string } {
  if (Object.keys(input).length === 0) return {};
  let text: string;
  try {
    text = JSON.stringify(input, (_k, v: unknown) => (typeof v === 'string' && v.length > MaxDetailChars ? `${v.slice(0, MaxDetailChars)}…` : v), 2);
  } catch {
    return {};
  }
  return { detail: text.length > MaxDetailChars ? `${text.slice(0, MaxDetailChars)}…` : text };
}

/** A tool_result's content (a string or content blocks) as text, trimmed to MaxResultChars. */
export function resultText(content: unknown): { text: string; truncated: boolean } {
  let text: string;
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) {
    text = content
      .map((block: unknown) => {
        if (typeof block !== 'object' || block === null) return '';
        const b = block as { type?: unknown; text?: unknown };
        if (b.type === 'text' && typeof b.text === 'string') return b.text;
        if (b.type === 'image') return '[image]';
        return '';
      })
      .filter((t) => t !== '')
      .join('\n');
  } else if (content === undefined || content === null) text = '';
  else text = safeJson(content);
  return text.length > MaxResultChars ? { text: text.slice(0, MaxResultChars), truncated: true } : { text, truncated: false };
}

// The CLI reports a denial as an ordinary is_error tool_result (claude-cli-protocol.md §2, §4); these are the texts
// observed. result.permission_denials is the authoritative list and is applied at the end of the turn as well.
const denialPatterns = [
  /haven't granted it yet/,
  /doesn't want to proceed with this tool use/,
  /^Permission to use .* has been denied/,
  /requires approval/,
  /was blocked\. For security/,
  /while in plan mode/,
];

export function looksLikeDenial(text: string): boolean {
  return denialPatterns.some((p) => p.test(text));
}
