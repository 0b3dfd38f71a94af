import { strict as assert } from 'node:assert';
import { parseTodos, todoLabel, todoProgress } from '../../../src/vscode/tree/todos';

describe('TodoWrite input → to-dos', () => {
  it('reads content, status and activeForm', () => {
    const todos = parseTodos({
      todos: [
        { content: 'Run the tests', status: 'completed', activeForm: 'Running the tests' },
        { content: 'Fix the bug', status: 'in_progress', activeForm: 'Fixing the bug' },
        { content: 'Write docs', status: 'pending', activeForm: 'Writing docs' },
      ],
    });
    assert.deepEqual(todos?.map((t) => [t.content, t.status]), [
      ['Run the tests', 'completed'],
      ['Fix the bug', 'in_progress'],
      ['Write docs', 'pending'],
    ]);
    assert.deepEqual(todoProgress(todos ?? []), { done: 1, total: 3, current: todos?.[1] });
    assert.equal(todoLabel(todos![1]), 'Fixing the bug');
    assert.equal(todoLabel(todos![2]), 'Write docs', 'active form only while in progress');
  });

  it('skips malformed items and treats an unknown status as pending', () => {
    const todos = parseTodos({ todos: [null, 3, { content: '' }, { content: 'ok', status: 'weird' }, { status: 'pending' }] });
    assert.deepEqual(todos, [{ content: 'ok', status: 'pending' }]);
  });

  it('is undefined for inputs that are not a to-do list (never a half-read list)', () => {
    assert.equal(parseTodos(undefined), undefined);
    assert.equal(parseTodos({}), undefined);
    assert.equal(parseTodos({ todos: 'x' }), undefined);
    assert.deepEqual(parseTodos({ todos: [] }), []);
  });
});
