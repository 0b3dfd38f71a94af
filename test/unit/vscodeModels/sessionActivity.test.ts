import { strict as assert } from 'node:assert';
import { SessionActivity } from '../../../src/vscode/tree/sessionActivity';
import { capture, result, todoWrite, toolResult, toolUse, user } from './messages';

describe('SessionActivity: to-dos and recent tools from CLI messages', () => {
  it('keeps the latest main-thread TodoWrite list', () => {
    const a = new SessionActivity();
    assert.deepEqual(a.apply(todoWrite('t1', [{ content: 'A', status: 'in_progress', activeForm: 'Doing A' }])), { todos: true, tools: false }, 'the list is its own row, not a recent tool');
    a.apply(todoWrite('t2', [{ content: 'A', status: 'completed' }, { content: 'B', status: 'pending' }]));
    assert.deepEqual(a.todos?.map((t) => t.status), ['completed', 'pending']);
  });

  it('ignores a subagent TodoWrite (Task runs its own list)', () => {
    const a = new SessionActivity();
    a.apply(todoWrite('t1', [{ content: 'Main', status: 'pending' }]));
    const change = a.apply(todoWrite('t2', [{ content: 'Sub', status: 'pending' }], { parent_tool_use_id: 'task_1' }));
    assert.equal(change.todos, false);
    assert.equal(a.todos?.[0].content, 'Main');
    a.apply(toolUse('g1', 'Grep', { pattern: 'x' }, { parent_tool_use_id: 'task_1' }));
    assert.equal(a.tools[0].subagent, true);
  });

  it('pairs results with tool uses in any order and classifies them', () => {
    const a = new SessionActivity();
    a.apply(toolUse('b1', 'Bash', { command: 'npm test' }));
    a.apply(toolUse('w1', 'Write', { file_path: '/p/out.txt', content: 'x' }));
    a.apply(toolUse('r1', 'Read', { file_path: '/p/a.ts' }));
    a.apply(toolResult('w1', "Claude requested permissions to write to /p/out.txt, but you haven't granted it yet.", true));
    a.apply(toolResult('b1', 'exit 1', true));
    a.apply(toolResult('r1', [{ type: 'text', text: 'line one\nline two' }]));
    assert.deepEqual(a.tools.map((t) => [t.name, t.status, t.summary]), [
      ['Read', 'done', '/p/a.ts'],
      ['Write', 'denied', '/p/out.txt'],
      ['Bash', 'error', 'npm test'],
    ]);
    assert.equal(a.tools[0].resultPreview, 'line one');
  });

  it('keeps only the last five tool calls, newest first', () => {
    const a = new SessionActivity();
    for (let i = 0; i < 8; i++) a.apply(toolUse(`t${i}`, 'Grep', { pattern: `p${i}` }));
    assert.deepEqual(a.tools.map((t) => t.id), ['t7', 't6', 't5', 't4', 't3']);
    assert.equal(a.apply(toolResult('t0', 'late')).tools, false, 'a result for a call no longer shown changes nothing');
  });

  it('marks calls still running when the turn ends as interrupted', () => {
    const a = new SessionActivity();
    a.apply(toolUse('b1', 'Bash', { command: 'sleep 60' }));
    assert.equal(a.apply(user([{ type: 'text', text: '[Request interrupted by user for tool use]' }])).tools, false);
    assert.equal(a.apply(result({ subtype: 'error_during_execution', is_error: true })).tools, true);
    assert.equal(a.tools[0].status, 'interrupted');
    assert.equal(a.apply(result()).tools, false, 'a second result changes nothing');
  });

  it('reports no change for a repeated line (the same tool_use seen twice)', () => {
    const a = new SessionActivity();
    a.apply(toolUse('b1', 'Bash', { command: 'ls' }));
    assert.deepEqual(a.apply(toolUse('b1', 'Bash', { command: 'ls' })), { todos: false, tools: false });
  });

  it('replays a real CLI capture: Bash allowed, then done', () => {
    const a = SessionActivity.from(capture('03-tool-use-bash-allowed.ndjson'));
    assert.deepEqual(a.tools.map((t) => [t.name, t.status, t.summary, t.resultPreview]), [['Bash', 'done', 'echo hi', 'hi']]);
    assert.equal(a.todos, undefined);
    assert.equal(a.hasContent, true);
  });

  it('replays a real CLI capture: Write denied in default mode', () => {
    const a = SessionActivity.from(capture('04-tool-use-write-denied-default.ndjson'));
    assert.deepEqual(a.tools.map((t) => [t.name, t.status]), [['Write', 'denied']]);
  });
});
