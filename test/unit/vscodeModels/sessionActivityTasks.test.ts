import { strict as assert } from 'node:assert';
import { SessionActivity } from '../../../src/vscode/tree/sessionActivity';
import { assistant, toolResult, toolUse, user } from './messages';

// Shapes as the real CLI 2.1.197 prints them in stream-json (TaskCreate/TaskUpdate replace TodoWrite by default).
const create = (id: string, subject: string, activeForm?: string, extra: Record<string, unknown> = {}) =>
  toolUse(id, 'TaskCreate', { subject, description: `${subject} (details)`, ...(activeForm ? { activeForm } : {}) }, extra);
const update = (id: string, taskId: string, patch: Record<string, unknown>) => toolUse(id, 'TaskUpdate', { taskId, ...patch });
const created = (toolUseId: string, taskId: string, subject: string) =>
  user([{ type: 'tool_result', tool_use_id: toolUseId, content: `Task #${taskId} created successfully: ${subject}` }], { tool_use_result: { task: { id: taskId, subject } } });

describe('SessionActivity: the task tools (TaskCreate / TaskUpdate) as the to-do list', () => {
  it('lists created tasks in order once their results give them ids, and applies status updates', () => {
    const a = new SessionActivity();
    assert.deepEqual(a.apply(assistant('m1', [
      { type: 'tool_use', id: 'c1', name: 'TaskCreate', input: { subject: 'Write tests', description: 'x', activeForm: 'Writing tests' } },
      { type: 'tool_use', id: 'c2', name: 'TaskCreate', input: { subject: 'Ship', description: 'y', activeForm: 'Shipping' } },
    ])), { todos: false, tools: false }, 'nothing to show before the results, and task calls are not recent tools');
    assert.equal(a.apply(created('c1', '1', 'Write tests')).todos, true);
    a.apply(created('c2', '2', 'Ship'));
    assert.deepEqual(a.todos, [
      { content: 'Write tests', status: 'pending', activeForm: 'Writing tests' },
      { content: 'Ship', status: 'pending', activeForm: 'Shipping' },
    ]);
    a.apply(update('u1', '1', { status: 'in_progress' }));
    assert.equal(a.todos?.[0].status, 'pending', 'an update counts once it succeeded');
    assert.equal(a.apply(toolResult('u1', 'Updated task #1 status')).todos, true);
    assert.equal(a.todos?.[0].status, 'in_progress');
    a.apply(update('u2', '2', { status: 'deleted' }));
    a.apply(toolResult('u2', 'Updated task #2 deleted'));
    assert.deepEqual(a.todos?.map((t) => t.content), ['Write tests']);
    assert.equal(a.tools.length, 0);
    assert.equal(a.hasContent, true);
  });

  it('takes the id from the structured result when the text does not carry it', () => {
    const a = new SessionActivity();
    a.apply(create('c1', 'Refactor'));
    a.apply(user([{ type: 'tool_result', tool_use_id: 'c1', content: 'created' }], { tool_use_result: { task: { id: '7', subject: 'Refactor' } } }));
    a.apply(update('u1', '7', { status: 'completed', subject: 'Refactor the parser' }));
    a.apply(toolResult('u1', 'Updated task #7 status, subject'));
    assert.deepEqual(a.todos, [{ content: 'Refactor the parser', status: 'completed' }]);
  });

  it('ignores failed calls, updates of unknown tasks and a subagent’s tasks', () => {
    const a = new SessionActivity();
    a.apply(create('c1', 'Main task'));
    a.apply(toolResult('c1', 'Task #1 created successfully: Main task'));
    a.apply(create('c2', 'Broken'));
    assert.equal(a.apply(toolResult('c2', '<tool_use_error>InputValidationError</tool_use_error>', true)).todos, false);
    a.apply(update('u1', '99', { status: 'completed' }));
    assert.equal(a.apply(toolResult('u1', 'Task not found')).todos, false);
    a.apply(create('s1', 'Subagent task', undefined, { parent_tool_use_id: 'agent_1' }));
    assert.equal(a.apply(toolResult('s1', 'Task #2 created successfully: Subagent task')).todos, false);
    assert.deepEqual(a.todos?.map((t) => t.content), ['Main task']);
  });
});
