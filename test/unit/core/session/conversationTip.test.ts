import { strict as assert } from 'node:assert';
import { ConversationTip } from '../../../../src/core/session/conversationTip';
import { QueuedPrompt } from '../../../../src/core/session/sessionTypes';
import { CliMessage } from '../../../../src/core/stream/cliMessages';

const prompt = (text: string): QueuedPrompt => ({ id: text, text, images: [], queuedAt: 0 });
const line = (type: 'user' | 'assistant' | 'result' | 'stream_event', uuid?: string) => ({ type, uuid }) as unknown as CliMessage;

describe('ConversationTip', () => {
  it('follows the last user or assistant entry with a uuid; other lines do not move it', () => {
    const tip = new ConversationTip('empty');
    assert.deepEqual(tip.current, { kind: 'empty' });
    tip.note(line('assistant', 'a1'));
    tip.note(line('user', 'u2'));
    tip.note(line('stream_event', 's'));
    tip.note(line('result', 'r'));
    tip.note(line('assistant'));
    assert.deepEqual(tip.current, { kind: 'entry', uuid: 'u2' });
  });

  it('goes back to a known point once; an unknown point (resumed without history) cannot be gone back to', () => {
    const tip = new ConversationTip('unknown');
    assert.equal(tip.rewind(tip.current), undefined);
    assert.equal(tip.rewind(undefined), undefined);
    tip.note(line('assistant', 'a1'));
    const before = tip.current;
    tip.note(line('assistant', 'failed'));
    assert.equal(tip.rewind(before), 'resume');
    assert.deepEqual(tip.current, { kind: 'entry', uuid: 'a1' });
    assert.equal(tip.takeResumeAt(), 'a1');
    assert.equal(tip.takeResumeAt(), undefined, 'only the next process resumes there');
    assert.equal(tip.rewind({ kind: 'empty' }), 'afresh');
    assert.equal(tip.takeResumeAt(), undefined);
  });

  it('offers the point before the last turn to "Retry" only when that turn failed without a tool, and only for its prompt', () => {
    const tip = new ConversationTip('empty');
    const p = prompt('p');
    tip.turnEnded(p, { kind: 'entry', uuid: 'a1' }, true);
    assert.equal(tip.beforeFailed(prompt('other')), undefined);
    assert.deepEqual(tip.beforeFailed(p), { kind: 'entry', uuid: 'a1' });
    tip.turnEnded(p, { kind: 'entry', uuid: 'a1' }, false);
    assert.equal(tip.beforeFailed(p), undefined);
    tip.turnEnded(p, { kind: 'empty' }, true);
    tip.rewind({ kind: 'empty' });
    assert.equal(tip.beforeFailed(p), undefined, 'used once');
  });
});
