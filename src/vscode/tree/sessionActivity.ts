// What a session is doing, folded from its CLI messages: the current to-do list and the last few tool calls.
// Fed incrementally (onMessage) after a first pass over messages(); stream deltas are ignored, since the complete
// `assistant` lines carry the same tool_use blocks. No `vscode` import: unit-tested in plain Node.
import { describeTool, looksLikeDenial, resultText } from '../../core/transcript/toolView';
import { ContentBlock, CliMessage } from '../../core/stream/cliMessages';
import { clip } from '../health/format';
import { parseTodos, Todo } from './todos';

export type ToolStatus = 'running' | 'done' | 'error' | 'denied' | 'interrupted';

export interface ToolActivity {
  id: string;
  name: string;
  summary: string;
  status: ToolStatus;
  /** Set for calls made by a subagent (Task), whose tool_use lines carry a parent_tool_use_id. */
  subagent: boolean;
  /** First line of the tool's result, for the tooltip. */
  resultPreview?: string;
}

export interface ActivityChange {
  todos: boolean;
  tools: boolean;
}

export const RecentToolLimit = 5;

export class SessionActivity {
  private todoList: Todo[] | undefined;
  /** Newest last; trimmed to RecentToolLimit. */
  private recent: ToolActivity[] = [];

  constructor(private readonly limit = RecentToolLimit) {}

  static from(messages: readonly CliMessage[], limit = RecentToolLimit): SessionActivity {
    const a = new SessionActivity(limit);
    for (const m of messages) a.apply(m);
    return a;
  }

  get todos(): readonly Todo[] | undefined {
    return this.todoList;
  }

  /** The last tool calls, newest first. */
  get tools(): readonly ToolActivity[] {
    return [...this.recent].reverse();
  }

  get hasContent(): boolean {
    return (this.todoList?.length ?? 0) > 0 || this.recent.length > 0;
  }

  apply(m: CliMessage): ActivityChange {
    const change: ActivityChange = { todos: false, tools: false };
    if (m.type === 'assistant') {
      const subagent = typeof m.parent_tool_use_id === 'string';
      for (const block of m.message.content) {
        if (block.type !== 'tool_use' || typeof block.id !== 'string' || typeof block.name !== 'string') continue;
        if (block.name !== 'TodoWrite') {
          change.tools = this.noteToolUse(block, subagent) || change.tools;
          continue;
        }
        // The list itself is the to-dos row; a subagent (Task) keeps a list of its own, not the session's.
        const todos = subagent ? undefined : parseTodos(block.input);
        if (todos) {
          this.todoList = todos;
          change.todos = true;
        }
      }
    } else if (m.type === 'user' && Array.isArray(m.message.content)) {
      for (const block of m.message.content) {
        if (block.type === 'tool_result' && typeof block.tool_use_id === 'string') change.tools = this.noteResult(block) || change.tools;
      }
    } else if (m.type === 'result') {
      // A turn that ended (often by an interrupt) leaves no tool running.
      for (const t of this.recent) {
        if (t.status === 'running') {
          t.status = 'interrupted';
          change.tools = true;
        }
      }
    }
    return change;
  }

  private noteToolUse(block: ContentBlock, subagent: boolean): boolean {
    const id = block.id as string;
    const name = block.name as string;
    const input = block.input && typeof block.input === 'object' ? block.input : {};
    const summary = clip(describeTool(name, input).summary, 120);
    const existing = this.recent.find((t) => t.id === id);
    if (existing) {
      if (existing.summary === summary && existing.name === name) return false;
      existing.summary = summary;
      existing.name = name;
      return true;
    }
    this.recent.push({ id, name, summary, status: 'running', subagent });
    if (this.recent.length > this.limit) this.recent.splice(0, this.recent.length - this.limit);
    return true;
  }

  private noteResult(block: ContentBlock): boolean {
    const t = this.recent.find((x) => x.id === block.tool_use_id);
    if (!t) return false;
    const text = resultText(block.content).text;
    const status: ToolStatus = block.is_error === true ? (looksLikeDenial(text) ? 'denied' : 'error') : 'done';
    const preview = text ? clip(text.split('\n', 1)[0], 200) : undefined;
    if (t.status === status && t.resultPreview === preview) return false;
    t.status = status;
    t.resultPreview = preview;
    return true;
  }
}
