// Rows that end a turn early without anything breaking: the person interrupts a slow reply, the max-turns limit is
// reached, a tool is denied. None of them is retried or counts towards the breaker; the session goes on.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bash, lastToolResults, slow, text, toolUse, words } from '../../fixtures/fakeApi';
import { nextEvent } from '../../../src/core/util/emitter';
import { TranscriptReducer } from '../../../src/core/transcript/transcriptReducer';
import { useFakeApiSandbox } from '../harness';
import { assertApiSaw, makeResilienceManager, ResilienceFixture, visible, waitFor } from './resilienceFixture';

describe('resilience: turns cut short (real CLI)', function () {
  this.timeout(30_000);
  const t = useFakeApiSandbox();
  let f: ResilienceFixture | undefined;
  afterEach(async () => {
    await f?.manager.shutdown();
    f = undefined;
  });

  it('interrupt while the API is slow: settles within 2 s, shows as interrupted, the next turn carries the partial answer', async () => {
    f = makeResilienceManager(t.sandbox);
    t.api.enqueue(slow(words(100), 200), text('continuing'));
    const session = f.manager.create({ folder: f.folder });
    let deltas = 0;
    session.onMessage((m) => m.type === 'stream_event' && m.event.type === 'content_block_delta' && deltas++);
    const turn = session.send('write a long essay');
    await waitFor(() => deltas >= 3, 20_000, 'a few words to stream through the CLI');
    const started = Date.now();
    await session.interrupt();
    const r = await turn;
    const tookMs = Date.now() - started;
    assert.ok(tookMs < 2000, `settled in ${tookMs} ms`);
    assert.equal(r.isError, true);
    assert.equal(r.subtype, 'error_during_execution');
    // The person's own interrupt is not an error to show, and is not retried.
    assert.deepEqual(visible(session), { state: 'idle', kind: undefined, message: undefined, action: undefined });
    assert.equal(t.api.requests.length, 1);
    assert.equal(f.manager.breakerStates()[0]?.state ?? 'closed', 'closed');

    const again = await session.send('go on');
    assert.equal(again.text, 'continuing');
    assertApiSaw(t.api.requests[1], ['write a long essay', 'go on']);
    assert.match(JSON.stringify(t.api.requests[1].body?.messages), /word0 word1 word2/, 'the partial answer was kept');
    const items = new TranscriptReducer();
    items.applyAll(session.messages());
    assert.equal(items.items().filter((i) => i.kind === 'interrupted').length, 1, 'the chat marks the turn as interrupted once');
  });

  it('max turns reached: maxTurns error naming the limit, with "Open Settings"; the process stays and the next turn works', async () => {
    f = makeResilienceManager(t.sandbox, { config: { maxTurns: 1 } });
    t.api.enqueue(bash('echo step-one'), text('second answer'));
    const session = f.manager.create({ folder: f.folder });
    session.onPermissionRequest((req) => session.answerPermission(req.requestId, { behavior: 'allow' }));
    const r = await session.send('do two steps');
    assert.equal(r.isError, true);
    assert.equal(r.subtype, 'error_max_turns');
    assert.deepEqual(visible(session), {
      state: 'idle',
      kind: 'maxTurns',
      message: 'Claude stopped after the maximum number of turns (1).',
      action: 'Open Settings',
    });
    assert.equal(t.api.requests.length, 1, 'a max-turns stop is not retried');
    const again = await session.send('and the second step?');
    assert.equal(again.text, 'second answer');
    assertApiSaw(t.api.requests[1], ['do two steps', 'and the second step?']);
  });

  it('permission denied: the request waits for the person; a deny shows in permission_denials and as permissionDenied', async () => {
    f = makeResilienceManager(t.sandbox);
    t.api.enqueue(toolUse('Write', { file_path: join(t.sandbox.cwd, 'out.txt'), content: 'secret' }), text('I could not write it'), text('ok, no file'));
    const session = f.manager.create({ folder: f.folder });
    const asked = nextEvent(session.onPermissionRequest, () => true, 20_000);
    const turn = session.send('write out.txt');
    const request = await asked;
    assert.equal(request.toolName, 'Write');
    assert.equal(session.info.pendingPermissions, 1, 'the person sees a pending permission request');
    assert.equal(session.info.state, 'busy');
    session.answerPermission(request.requestId, { behavior: 'deny', message: 'Not now.' });
    const r = await turn;
    assert.equal(r.isError, false);
    assert.equal(r.text, 'I could not write it');
    assert.deepEqual(r.permissionDenials, ['Write']);
    assert.deepEqual(visible(session), { state: 'idle', kind: 'permissionDenied', message: 'Claude was not allowed to use Write.', action: 'Change Permission Mode' });
    assert.equal(existsSync(join(t.sandbox.cwd, 'out.txt')), false, 'nothing was written');
    const denial = lastToolResults(t.api.requests[1].body)[0];
    assert.equal(denial?.isError, true);
    assert.match(denial.text, /Not now\./);
    assert.equal((await session.send('fine')).text, 'ok, no file');
    assertApiSaw(t.api.requests[2], ['write out.txt', 'fine']);
  });
});
