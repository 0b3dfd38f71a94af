import { strict as assert } from 'node:assert';
import { TranscriptReducer } from '../../../src/core/transcript/transcriptReducer';
import { parseTranscriptText, transcriptLineToMessage } from '../../../src/core/transcript/transcriptLines';
import { kinds, only } from './replay';

// Shapes from a real transcript file (claude-cli-protocol.md §5), trimmed.
const file = [
  { type: 'queue-operation', operation: 'enqueue', timestamp: 't', sessionId: 's', content: 'first prompt' },
  { type: 'queue-operation', operation: 'dequeue', timestamp: 't', sessionId: 's' },
  { parentUuid: null, isSidechain: false, type: 'user', message: { role: 'user', content: 'first prompt' }, uuid: 'u1', cwd: '/p', sessionId: 's' },
  { parentUuid: 'u1', isSidechain: false, attachment: { type: 'skill_listing' }, type: 'attachment', uuid: 'at1' },
  { parentUuid: 'at1', isSidechain: false, message: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Running it.' }], stop_reason: null }, type: 'assistant', uuid: 'a1' },
  { parentUuid: 'a1', isSidechain: false, message: { id: 'msg_1', role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'echo hi' } }] }, type: 'assistant', uuid: 'a2' },
  { parentUuid: 'a2', isSidechain: false, type: 'user', message: { role: 'user', content: [{ tool_use_id: 'toolu_1', type: 'tool_result', content: 'hi', is_error: false }] }, uuid: 'u2', toolUseResult: { stdout: 'hi' }, sourceToolAssistantUUID: 'a2' },
  { isSidechain: true, type: 'user', message: { role: 'user', content: 'sub-agent prompt' }, uuid: 'side' },
  { type: 'assistant', message: { id: 'e1', model: '<synthetic>', role: 'assistant', content: [{ type: 'text', text: 'API Error: 500' }] }, isApiErrorMessage: true, uuid: 'a3' },
  { type: 'system', subtype: 'compact_boundary', uuid: 'sys1' },
  { type: 'last-prompt', lastPrompt: 'first prompt', leafUuid: 'a2', sessionId: 's' },
  { type: 'mode', mode: 'normal', sessionId: 's' },
];

describe('transcript files', () => {
  it('rebuilds prompts, replies, tool cards and errors; skips bookkeeping lines and sub-agent sidechains', () => {
    const reducer = new TranscriptReducer();
    reducer.applyTranscriptLines(file);
    const items = reducer.items();
    assert.deepEqual(kinds(items), ['user', 'assistant', 'tool', 'error', 'notice']);
    assert.equal(only(items, 'user')[0].text, 'first prompt');
    assert.equal(only(items, 'tool')[0].status, 'done');
    assert.equal(only(items, 'error')[0].action?.label, 'Retry');
  });

  it('does not show stdout messages twice when they are also in the file (same uuids, §5)', () => {
    const reducer = new TranscriptReducer();
    reducer.applyTranscriptLines(file);
    const before = reducer.items().length;
    const again = reducer.apply({ type: 'assistant', message: { id: 'msg_1', content: [{ type: 'text', text: 'Running it.' }] }, uuid: 'a1' });
    assert.deepEqual(again.upserts, []);
    assert.equal(reducer.items().length, before);
  });

  it('rejects lines that are not messages', () => {
    for (const bad of [null, 'x', [], { type: 'user' }, { type: 'user', message: { role: 'assistant', content: 'x' } }, { type: 'user', message: { role: 'user', content: 3 } }, { type: 'assistant', message: { content: [] } }, { type: 'system' }]) {
      assert.equal(transcriptLineToMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('parses file text, skipping blank and torn lines', () => {
    const text = `${file.map((l) => JSON.stringify(l)).join('\n')}\n\n{"type":"user","mess`;
    assert.equal(parseTranscriptText(text).length, 6);
  });
});
