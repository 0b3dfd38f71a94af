import { strict as assert } from 'node:assert';
import type { AssistantItem, PermissionItem } from '../../../src/protocol/chatProtocol';
import { announcementFor } from '../../../src/webview/announcements';

const reply = (text: string, streaming: boolean, extra: Partial<AssistantItem> = {}): AssistantItem => ({ kind: 'assistant', id: 'a1', text, streaming, ...extra });
const ask = (status: PermissionItem['status']): PermissionItem => ({ kind: 'permission', id: 'p1', requestId: 'r', toolName: 'Bash', summary: 'npm test', canDiff: false, status });

describe('webview announcements (what a screen reader hears)', () => {
  it('speaks a reply once, when it is complete, not while it streams', () => {
    assert.equal(announcementFor(undefined, reply('Hel', true)), undefined);
    assert.equal(announcementFor(reply('Hel', true), reply('Hello', true)), undefined);
    assert.equal(announcementFor(reply('Hello', true), reply('Hello **there**\n\nfriend', false)), 'Claude: Hello **there** friend');
    assert.equal(announcementFor(reply('Hello', false), reply('Hello', false)), undefined, 'already spoken');
    assert.equal(announcementFor(undefined, reply('Whole reply at once', false)), 'Claude: Whole reply at once');
    assert.equal(announcementFor(undefined, reply('   ', false)), undefined);
    assert.equal(announcementFor(undefined, reply('a sub-agent talking', false, { parentToolUseId: 't' })), undefined);
  });

  it('clips a long reply', () => {
    const said = announcementFor(undefined, reply('word '.repeat(200), false))!;
    assert.ok(said.length <= 'Claude: '.length + 300, String(said.length));
    assert.ok(said.endsWith('…'));
  });

  it('speaks a new permission request with what to do, and errors, interruptions and failed turns once', () => {
    assert.equal(announcementFor(undefined, ask('pending')), 'Claude asks to use Bash: npm test. Allow or deny it in the conversation.');
    assert.equal(announcementFor(ask('pending'), ask('allowed')), undefined);
    assert.equal(announcementFor(undefined, { kind: 'error', id: 'e', message: 'The API is overloaded (529).' }), 'Error: The API is overloaded (529).');
    assert.equal(announcementFor(undefined, { kind: 'interrupted', id: 'i', text: 'Interrupted' }), 'Interrupted');
    assert.equal(announcementFor(undefined, { kind: 'footer', id: 'f', isError: true, subtype: 'error_max_turns' }), 'The turn ended with an error.');
    assert.equal(announcementFor(undefined, { kind: 'footer', id: 'f', isError: false, subtype: 'success' }), undefined);
    assert.equal(announcementFor(undefined, { kind: 'user', id: 'u', text: 'my own prompt' }), undefined);
  });
});
