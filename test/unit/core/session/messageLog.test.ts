import { strict as assert } from 'node:assert';
import { MessageLog } from '../../../../src/core/session/messageLog';
import { CliMessage } from '../../../../src/core/stream/cliMessages';

const msg = (type: string, tag: string): CliMessage => ({ type, tag }) as unknown as CliMessage;
const tags = (log: MessageLog) => log.all().map((m) => (m as unknown as { tag: string }).tag);

describe('MessageLog', () => {
  it('drops stream deltas and control responses of the turn that ended, keeps everything else in order', () => {
    const log = new MessageLog();
    log.add(msg('user', 'u1'));
    log.add(msg('stream_event', 's1'));
    log.add(msg('control_response', 'c1'));
    log.add(msg('assistant', 'a1'));
    log.add(msg('keep_alive', 'k'));
    log.add(msg('stream_event', 's2'));
    log.add(msg('result', 'r1'));
    assert.deepEqual(tags(log), ['u1', 's1', 'c1', 'a1', 's2', 'r1'], 'keep_alive is never kept');
    log.compactAfterTurn();
    assert.deepEqual(tags(log), ['u1', 'a1', 'r1']);
    log.add(msg('user', 'u2'));
    log.add(msg('stream_event', 's3'));
    assert.deepEqual(tags(log), ['u1', 'a1', 'r1', 'u2', 's3'], 'the live turn keeps its deltas');
    log.compactAfterTurn();
    assert.deepEqual(tags(log), ['u1', 'a1', 'r1', 'u2']);
  });

  it('seeded history goes first and is never compacted', () => {
    const log = new MessageLog();
    log.add(msg('user', 'live'));
    log.seed([msg('user', 'old'), msg('stream_event', 'old-delta')]);
    assert.deepEqual(tags(log), ['old', 'old-delta', 'live']);
    log.add(msg('stream_event', 'new-delta'));
    log.compactAfterTurn();
    assert.deepEqual(tags(log), ['old', 'old-delta', 'live']);
  });
});
