import { strict as assert } from 'node:assert';
import { TranscriptReducer } from '../../../src/core/transcript/transcriptReducer';
import { formatSeconds } from '../../../src/core/transcript/turnItems';
import { CliMessage } from '../../../src/core/stream/cliMessages';
import { kinds, only, replayIncrementally } from './replay';

let n = 0;
const uuid = () => `uuid-${n++}`;
const ev = (event: Record<string, unknown>, parent: string | null = null): CliMessage =>
  ({ type: 'stream_event', event, parent_tool_use_id: parent, uuid: uuid() }) as CliMessage;
const start = (id: string, parent: string | null = null) => ev({ type: 'message_start', message: { id, content: [] } }, parent);
const blockStart = (index: number, content_block: Record<string, unknown>, parent: string | null = null) => ev({ type: 'content_block_start', index, content_block }, parent);
const textDelta = (index: number, text: string, parent: string | null = null) => ev({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }, parent);
const assistant = (id: string, content: Record<string, unknown>[], extra: Record<string, unknown> = {}): CliMessage =>
  ({ type: 'assistant', message: { id, content }, parent_tool_use_id: null, uuid: uuid(), ...extra }) as CliMessage;
const user = (content: unknown, extra: Record<string, unknown> = {}): CliMessage => ({ type: 'user', message: { role: 'user', content }, uuid: uuid(), ...extra }) as CliMessage;
const result = (extra: Record<string, unknown> = {}): CliMessage => ({ type: 'result', subtype: 'success', is_error: false, uuid: uuid(), ...extra }) as CliMessage;
const toolResult = (tool_use_id: string, content: unknown, is_error = false) => user([{ type: 'tool_result', tool_use_id, content, is_error }]);

describe('TranscriptReducer: streaming', () => {
  it('drops the live text of a cut stream when the retried answer arrives without deltas (§6)', () => {
    const msgs = [start('msg_A'), blockStart(0, { type: 'text', text: '' }), textDelta(0, 'partial0 '), textDelta(0, 'partial1 '), assistant('msg_B', [{ type: 'text', text: 'Full answer.' }]), result()];
    const { reducer } = replayIncrementally(msgs);
    assert.deepEqual(kinds(reducer.items()), ['assistant', 'footer']);
    assert.equal(only(reducer.items(), 'assistant')[0].text, 'Full answer.');
  });

  it('resets live text when a new message_start arrives for a retried request', () => {
    const reducer = new TranscriptReducer();
    reducer.applyAll([start('msg_A'), blockStart(0, { type: 'text', text: '' }), textDelta(0, 'lost')]);
    const changes = reducer.applyAll([start('msg_A2')]);
    assert.deepEqual(changes.removes, ['a:msg_A:0']);
    reducer.applyAll([blockStart(0, { type: 'text', text: '' }), textDelta(0, 'kept'), assistant('msg_A2', [{ type: 'text', text: 'kept' }])]);
    assert.deepEqual(reducer.items().map((i) => i.id), ['a:msg_A2:0']);
  });

  it('streams thinking, then text, and keeps each block under its own id', () => {
    const msgs = [
      start('m1'),
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me ' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'think.' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'x' } }),
      assistant('m1', [{ type: 'thinking', thinking: 'Let me think.', signature: 'x' }]),
      ev({ type: 'content_block_stop', index: 0 }),
      blockStart(1, { type: 'text', text: '' }),
      textDelta(1, 'Answer'),
      assistant('m1', [{ type: 'text', text: 'Answer' }]),
      result(),
    ];
    const { reducer } = replayIncrementally(msgs);
    assert.deepEqual(reducer.items().map((i) => i.id), ['th:m1:0', 'a:m1:1', `r:${(msgs[10] as { uuid: string }).uuid}`]);
    assert.equal(only(reducer.items(), 'thinking')[0].text, 'Let me think.');
  });

  it('keeps streamed text visible (not streaming) when the turn ends without a final assistant line', () => {
    const { reducer } = replayIncrementally([start('m'), blockStart(0, { type: 'text', text: '' }), textDelta(0, 'half'), blockStart(1, { type: 'tool_use', id: 'tu', name: 'Bash', input: {} }), result({ is_error: true, terminal_reason: 'aborted_streaming' })]);
    assert.deepEqual(kinds(reducer.items()), ['assistant', 'footer']);
    assert.equal(only(reducer.items(), 'assistant')[0].streaming, false);
    assert.equal(reducer.toolCall('tu'), undefined);
  });

  it('ignores deltas without a message, unknown block kinds and mismatched delta kinds', () => {
    const { reducer } = replayIncrementally([
      textDelta(0, 'orphan'),
      start('m'),
      blockStart(0, { type: 'server_tool_use', id: 's' }),
      textDelta(0, 'no block'),
      blockStart(1, { type: 'text', text: '' }),
      ev({ type: 'content_block_delta', index: 1, delta: { type: 'thinking_delta', thinking: 'wrong kind' } }),
      ev({ type: 'message_delta', delta: {} }),
      blockStart(2, { type: 'tool_use', name: 'NoId' }),
    ]);
    assert.deepEqual(reducer.items(), []);
  });

  it('scopes streams by parent_tool_use_id so parallel sub-agents do not reset each other', () => {
    const { reducer } = replayIncrementally([
      start('sub1', 'task1'),
      blockStart(0, { type: 'text', text: '' }, 'task1'),
      textDelta(0, 'one', 'task1'),
      start('sub2', 'task2'),
      blockStart(0, { type: 'text', text: '' }, 'task2'),
      textDelta(0, 'two', 'task2'),
    ]);
    assert.deepEqual(only(reducer.items(), 'assistant').map((a) => `${a.text}@${a.parentToolUseId}`), ['one@task1', 'two@task2']);
  });

  it('completes a streamed block by kind when the index does not line up', () => {
    const { reducer } = replayIncrementally([start('m'), blockStart(3, { type: 'text', text: '' }), textDelta(3, 'x'), assistant('m', [{ type: 'text', text: 'xy' }])]);
    assert.deepEqual(reducer.items().map((i) => `${i.id}`), ['a:m:3']);
  });

  it('formats retry delays', () => {
    assert.equal(formatSeconds(2000), '2 s');
    assert.equal(formatSeconds(612.98), '0.6 s');
    assert.equal(formatSeconds(34938), '35 s');
  });
});

describe('TranscriptReducer: tools and permissions', () => {
  it('pairs a tool_result that arrives before its tool_use', () => {
    const { reducer } = replayIncrementally([toolResult('t1', [{ type: 'text', text: 'out' }, { type: 'image' }]), assistant('m', [{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: '/a/b.ts' } }])]);
    const tool = only(reducer.items(), 'tool')[0];
    assert.equal(tool.status, 'done');
    assert.equal(tool.result, 'out\n[image]');
    assert.equal(tool.filePath, '/a/b.ts');
  });

  it('pairs parallel tools whose results come in completion order', () => {
    const { reducer } = replayIncrementally([
      assistant('m', [{ type: 'tool_use', id: 'a', name: 'Bash', input: { command: 'sleep 2' } }]),
      assistant('m', [{ type: 'tool_use', id: 'b', name: 'Grep', input: { pattern: 'foo', path: 'src' } }]),
      toolResult('b', 'found'),
      toolResult('a', 'boom', true),
    ]);
    const [a, b] = only(reducer.items(), 'tool');
    assert.equal(a.status, 'error');
    assert.equal(b.status, 'done');
    assert.equal(b.summary, 'foo in src');
  });

  it('trims long output and marks it truncated', () => {
    const { reducer } = replayIncrementally([assistant('m', [{ type: 'tool_use', id: 't', name: 'Bash', input: { command: 'yes' } }]), toolResult('t', 'y\n'.repeat(20_000))]);
    const tool = only(reducer.items(), 'tool')[0];
    assert.equal(tool.result?.length, 20_000);
    assert.equal(tool.resultTruncated, true);
  });

  it('takes permission requests from the session events too, once, and settles them', () => {
    const reducer = new TranscriptReducer();
    const request = { requestId: 'r1', toolName: 'Edit', input: { file_path: '/p/x.ts', old_string: 'a', new_string: 'b' }, toolUseId: 't1', suggestions: [], receivedAt: 0 };
    reducer.apply(assistant('m', [{ type: 'tool_use', id: 't1', name: 'Edit', input: request.input }]));
    const first = reducer.permissionRequested(request);
    assert.equal(first.upserts.length, 1);
    const again = reducer.apply({ type: 'control_request', request_id: 'r1', request: { subtype: 'can_use_tool', tool_name: 'Edit', input: request.input } });
    assert.deepEqual(again, { upserts: [], removes: [] });
    assert.equal(reducer.permission('r1')?.toolName, 'Edit');
    const settled = reducer.permissionSettled('r1', 'allowed');
    assert.equal(settled.upserts[0].kind === 'permission' && settled.upserts[0].status, 'allowed');
    // Already settled: a later result does not overwrite it.
    reducer.apply(toolResult('t1', 'nope', true));
    assert.equal(only(reducer.items(), 'permission')[0].status, 'allowed');
  });

  it('a denied permission makes the tool card denied; a cancel request cancels; the end of a turn cancels what is left', () => {
    const reducer = new TranscriptReducer();
    reducer.apply(assistant('m', [{ type: 'tool_use', id: 't1', name: 'Write', input: { file_path: '/p/y', content: 'z' } }]));
    reducer.apply({ type: 'control_request', request_id: 'r1', request: { subtype: 'can_use_tool', tool_name: 'Write', input: { file_path: '/p/y', content: 'z' }, tool_use_id: 't1' } });
    reducer.permissionSettled('r1', 'denied');
    reducer.apply(toolResult('t1', 'User said no', true));
    assert.equal(only(reducer.items(), 'tool')[0].status, 'denied');
    reducer.apply({ type: 'control_request', request_id: 'r2', request: { subtype: 'can_use_tool', tool_name: 'Bash', input: { command: 'ls' } } });
    reducer.apply({ type: 'control_cancel_request', request_id: 'r2' });
    reducer.apply({ type: 'control_request', request_id: 'r3', request: { subtype: 'can_use_tool', tool_name: 'Bash', input: { command: 'pwd' } } });
    reducer.apply({ type: 'control_request', request_id: 'x', request: { subtype: 'something_else' } });
    reducer.apply(result());
    assert.deepEqual(only(reducer.items(), 'permission').map((p) => p.status), ['denied', 'cancelled', 'cancelled']);
  });

  it('an aborted turn marks still-running tools as errors', () => {
    const { reducer } = replayIncrementally([assistant('m', [{ type: 'tool_use', id: 't', name: 'Bash', input: { command: 'sleep 50' } }]), result({ is_error: true, subtype: 'error_during_execution', terminal_reason: 'aborted_tools' })]);
    const tool = only(reducer.items(), 'tool')[0];
    assert.equal(tool.status, 'error');
    assert.equal(tool.result, 'Interrupted.');
    assert.deepEqual(kinds(reducer.items()), ['tool', 'footer']);
  });
});

describe('TranscriptReducer: prompts, errors, notices', () => {
  it('shows a local prompt at once and does not repeat its replayed echo', () => {
    const reducer = new TranscriptReducer();
    const added = reducer.addUserPrompt('hello', [{ mediaType: 'image/png', base64: 'AAAA' }]);
    assert.equal(added.upserts[0].kind, 'user');
    assert.deepEqual(reducer.apply(user('hello', { isReplay: true })), { upserts: [], removes: [] });
    // Two queued prompts merged by the CLI into one message (§3).
    reducer.addUserPrompt('second');
    reducer.addUserPrompt('third');
    assert.deepEqual(reducer.apply(user([{ type: 'text', text: 'second\nthird' }], { isReplay: true })).upserts, []);
    // A prompt typed elsewhere is shown.
    assert.equal(reducer.apply(user('from elsewhere')).upserts[0].kind, 'user');
    assert.equal(only(reducer.items(), 'user').length, 4);
  });

  it('shows a prompt the session echoes into its stream under u:<prompt id> (the host relies on that id)', () => {
    const reducer = new TranscriptReducer();
    reducer.apply(user('from the session', { uuid: 'prompt-1', aicode_prompt: true }));
    assert.equal(reducer.item('u:prompt-1')?.kind, 'user');
  });

  it('skips meta lines, command caveats and reminders; keeps images; drops duplicates by uuid', () => {
    const reducer = new TranscriptReducer();
    const png = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } };
    const huge = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(2_000_001) } };
    const msgs = [
      user('<command-name>/model</command-name>'),
      user('Caveat', { isMeta: true }),
      user([{ type: 'text', text: '<system-reminder>date</system-reminder>' }]),
      user([{ type: 'text', text: '<system-reminder>date</system-reminder>look' }, png, huge, { type: 'image', source: { type: 'url' } }]),
      user('<local-command-stdout></local-command-stdout>'),
    ];
    reducer.applyAll(msgs);
    reducer.applyAll([msgs[3]]);
    const users = only(reducer.items(), 'user');
    assert.equal(users.length, 1);
    assert.equal(users[0].text, 'look');
    assert.deepEqual(users[0].images, [{ mediaType: 'image/png', base64: 'iVBOR' }]);
    assert.equal(users[0].omittedImages, 2);
  });

  it('an authentication failure offers Set Credentials; an error result without a synthetic message gets an error item', () => {
    const reducer = new TranscriptReducer();
    reducer.apply(assistant('x', [{ type: 'text', text: 'Invalid API key · Fix external API key' }], { error: 'authentication_failed' }));
    reducer.apply(result({ is_error: true, api_error_status: 401 }));
    reducer.apply(result({ is_error: true, subtype: 'error_during_execution', errors: ['[ede_diagnostic] x', 'No conversation found with session ID: 9'] }));
    reducer.apply(result({ is_error: true, subtype: 'error_max_turns' }));
    const errors = only(reducer.items(), 'error');
    assert.deepEqual(errors.map((e) => e.message), ['Invalid API key · Fix external API key', 'No conversation found with session ID: 9', 'The turn ended with an error (error_max_turns).']);
    assert.equal(reducer.errorAction(errors[0].id), 'setCredentials');
    assert.equal(errors[1].action, undefined);
  });

  it('adds host errors with an action', () => {
    const reducer = new TranscriptReducer();
    const { id, upserts } = reducer.addError('The Claude process exited.', { label: 'Retry', kind: 'retry' });
    assert.equal(upserts[0].id, id);
    assert.equal(reducer.errorAction(id), 'retry');
    assert.equal(reducer.item(id)?.kind, 'error');
  });

  it('shows model fallback and compaction as notices; other system lines are silent', () => {
    const { reducer } = replayIncrementally([
      { type: 'system', subtype: 'init', session_id: 's' },
      { type: 'system', subtype: 'model_fallback', content: 'Switched to Sonnet 4.5 due to high demand' },
      { type: 'system', subtype: 'model_fallback', fallback_model: 'haiku' },
      { type: 'system', subtype: 'compact_boundary' },
      { type: 'system', subtype: 'api_retry', attempt: 1, max_retries: 2, retry_delay_ms: 500, error_status: null },
      { type: 'keep_alive' },
    ]);
    assert.deepEqual(reducer.items().map((i) => ('text' in i ? i.text : '')), [
      'Switched to Sonnet 4.5 due to high demand',
      'Switched to haiku',
      'Conversation compacted',
      'Retrying in 0.5 s (attempt 1 of 2): error',
    ]);
  });

  it('starts a new retry line once something else was shown in between', () => {
    const retry = (attempt: number): CliMessage => ({ type: 'system', subtype: 'api_retry', attempt, max_retries: 3, retry_delay_ms: 1000, error_status: 500, error: 'server_error' });
    const { reducer } = replayIncrementally([retry(1), retry(2), { type: 'system', subtype: 'compact_boundary' }, retry(3)]);
    assert.deepEqual(kinds(reducer.items()), ['retry', 'notice', 'retry']);
  });
});
