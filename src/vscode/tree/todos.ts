// The to-do list Claude keeps with its TodoWrite tool: each call sends the whole list
// (`{ todos: [{ content, status, activeForm }] }`), so the latest call on the main thread is the current list.
// No `vscode` import: unit-tested in plain Node.

export type TodoStatus = 'pending' | 'in_progress' | 'completed';

export interface Todo {
  content: string;
  status: TodoStatus;
  /** The present-continuous form shown while the item is in progress ("Running the tests"). */
  activeForm?: string;
}

const statuses: readonly string[] = ['pending', 'in_progress', 'completed'];

/** The to-dos of a TodoWrite input, or undefined when the input is not a to-do list (ignored, never half-read). */
export function parseTodos(input: unknown): Todo[] | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const list = (input as { todos?: unknown }).todos;
  if (!Array.isArray(list)) return undefined;
  const todos: Todo[] = [];
  for (const raw of list) {
    if (typeof raw !== 'object' || raw === null) continue;
    const t = raw as { content?: unknown; status?: unknown; activeForm?: unknown };
    if (typeof t.content !== 'string' || !t.content.trim()) continue;
    const status = typeof t.status === 'string' && statuses.includes(t.status) ? (t.status as TodoStatus) : 'pending';
    todos.push({ content: t.content, status, ...(typeof t.activeForm === 'string' && t.activeForm.trim() ? { activeForm: t.activeForm } : {}) });
  }
  return todos;
}

export function todoProgress(todos: readonly Todo[]): { done: number; total: number; current?: Todo } {
  return {
    done: todos.filter((t) => t.status === 'completed').length,
    total: todos.length,
    current: todos.find((t) => t.status === 'in_progress'),
  };
}

/** The label a to-do shows: its active form while in progress, its content otherwise. */
export function todoLabel(todo: Todo): string {
  return todo.status === 'in_progress' && todo.activeForm ? todo.activeForm : todo.content;
}
