// What a session is doing, folded from its CLI messages: the current to-do list and the last few tool calls.
// Fed incrementally (onMessage) after a first pass over messages(); stream deltas are ignored, since the complete
// `assistant` lines carry the same tool_use blocks. No `vscode` import: unit-tested in plain Node.
import { describeTool, looksLikeDenial, resultText } from '../../core/transcript/toolView';
import { ContentBlock, CliMessage } from '../../core/stream/cliMessages';
import { clip } from '../health/format';
import { parseTodos, Todo, TodoStatus } from './todos';

/**
 * Claude Code's task tools: the CLI (2.1.x) offers TaskCreate/TaskUpdate instead of TodoWrite unless
 * CLAUDE_CODE_ENABLE_TASKS is off. A task gets its id from TaskCreate's result ("Task #3 created successfully: …").
 */
type TaskOp =
  | { kind: 'create'; todo: Todo }
  | { kind: 'update'; taskId: string; status?: TodoStatus | 'deleted'; subject?: string; activeForm?: string };

const taskStatuses: readonly string[] = ['pending', 'in_progress', 'completed', 'deleted'];
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

function parseTaskOp(name: string, input: unknown): TaskOp | undefined {
  const i = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  if (name === 'TaskCreate') {
    const subject = str(i.subject);
    const activeForm = str(i.activeForm);
    return subject ? { kind: 'create', todo: { content: subject, status: 'pending', ...(activeForm ? { activeForm } : {}) } } : undefined;
  }
  const taskId = typeof i.taskId === 'number' ? String(i.taskId) : str(i.taskId);
  if (!taskId) return undefined;
  const status = typeof i.status === 'string' && taskStatuses.includes(i.status) ? (i.status as TodoStatus | 'deleted') : undefined;
  return { kind: 'update', taskId, status, subject: str(i.subject), activeForm: str(i.activeForm) };
}

/** The new task's id: from the result text, else from the line's structured `tool_use_result` ({ task: { id } }). */
function createdTaskId(text: string, structured: unknown): string | undefined {
  const m = /Task #(\S+?) created/.exec(text);
  if (m) return m[1];
  const task = (structured as { task?: { id?: unknown } } | undefined)?.task;
  return typeof task?.id === 'string' || typeof task?.id === 'number' ? String(task.id) : undefined;
}

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
  /** Tasks of the task tools by id, in creation order; the to-do list whenever a task tool changed them last. */
  private readonly tasks = new Map<string, Todo>();
  /** Task tool calls waiting for their result (a create only has an id once it succeeded). */
  private readonly taskOps = new Map<string, TaskOp>();
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
        if (block.name === 'TaskCreate' || block.name === 'TaskUpdate') {
          // Like TodoWrite, the list is the to-dos row (not a recent tool); a subagent's tasks are not the session's.
          const op = subagent ? undefined : parseTaskOp(block.name, block.input);
          if (op) this.taskOps.set(block.id, op);
          continue;
        }
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
      const results = m.message.content.filter((b) => b.type === 'tool_result' && typeof b.tool_use_id === 'string');
      for (const block of results) {
        const op = this.taskOps.get(block.tool_use_id as string);
        if (op) {
          this.taskOps.delete(block.tool_use_id as string);
          // The line's structured result belongs to its tool_result only when it holds just the one.
          change.todos = this.applyTaskOp(op, block, results.length === 1 ? m.tool_use_result : undefined) || change.todos;
          continue;
        }
        change.tools = this.noteResult(block) || change.tools;
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

  private applyTaskOp(op: TaskOp, block: ContentBlock, structured: unknown): boolean {
    if (block.is_error === true) return false;
    if (op.kind === 'create') {
      const id = createdTaskId(resultText(block.content).text, structured);
      if (!id) return false;
      this.tasks.set(id, { ...op.todo });
    } else {
      const task = this.tasks.get(op.taskId);
      if (!task) return false;
      if (op.status === 'deleted') this.tasks.delete(op.taskId);
      else {
        if (op.status) task.status = op.status;
        if (op.subject) task.content = op.subject;
        if (op.activeForm) task.activeForm = op.activeForm;
      }
    }
    this.todoList = [...this.tasks.values()].map((t) => ({ ...t }));
    return true;
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
