// Rows: the CLI process dies or freezes mid-turn. Recovery replaces it with one that resumes the conversation by id.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { hang, lastUserText, slow, text, userTexts, words } from '../../fixtures/fakeApi';
import { useFakeApiSandbox } from '../harness';
import { assertApiSaw, assertShownOnce, assertTranscriptHas, makeResilienceManager, rejectionOf, ResilienceFixture, stateLog, visible, waitFor, watchErrors } from './resilienceFixture';

describe('resilience: process faults (real CLI)', function () {
  this.timeout(45_000);
  const t = useFakeApiSandbox();
  let f: ResilienceFixture | undefined;
  afterEach(async () => {
    await f?.manager.shutdown();
    f = undefined;
  });

  it('kill -9 mid-stream: the turn fails as crashed (SIGKILL), the process is replaced and the conversation resumed', async () => {
    f = makeResilienceManager(t.sandbox);
    t.api.enqueue(text('kiwi noted'), slow(words(40), 100), text('after the crash'));
    const session = f.manager.create({ folder: f.folder });
    const states = stateLog(session);
    await session.send('remember the word kiwi');
    const firstPid = session.info.pid;
    const cut = session.send('tell me a long story');
    await waitFor(() => (t.api.requests[1]?.deltasSent ?? 0) >= 3, 20_000, 'the slow reply to stream');
    process.kill(firstPid!, 'SIGKILL');

    const err = await rejectionOf(cut);
    assert.equal(err.kind, 'crashed');
    assert.match(err.message, /killed by SIGKILL/);
    assert.deepEqual({ kind: visible(session).kind, action: visible(session).action }, { kind: 'crashed', action: 'Resume' });
    assert.ok(states.some((s) => s.startsWith('interrupted: The last turn was cut short')), `the cut turn shows as interrupted: ${states.join(' | ')}`);
    // Recovery starts at once: a new process resuming the same conversation.
    await waitFor(() => session.info.state === 'idle' && !!session.info.pid && session.info.pid !== firstPid, 20_000, 'the replacement process');
    assert.equal(f.manager.metrics.restarts, 1);

    const again = await session.send('what was the word?');
    assert.equal(again.text, 'after the crash');
    assert.equal(again.sessionId, session.info.cliSessionId);
    assertApiSaw(t.api.requests.at(-1), ['remember the word kiwi', 'tell me a long story', 'what was the word?']);
    await assertTranscriptHas(t.sandbox, session.info.cliSessionId, ['remember the word kiwi', 'what was the word?']);
    assertShownOnce(session, ['remember the word kiwi', 'tell me a long story', 'what was the word?'], ['kiwi noted', 'after the crash']);
  });

  it('kill -9 right after init, before the CLI wrote a transcript: recovery starts the conversation afresh instead of looping', async () => {
    f = makeResilienceManager(t.sandbox);
    t.api.setHandler((req) => (lastUserText(req.body) === 'hello?' ? hang() : text('a fresh start')));
    const session = f.manager.create({ folder: f.folder });
    const sub = session.onMessage((m) => {
      if (m.type === 'system' && m.subtype === 'init') {
        sub.dispose();
        process.kill(session.info.pid!, 'SIGKILL');
      }
    });
    const seen = watchErrors(session);
    const err = await rejectionOf(session.send('hello?'));
    assert.equal(err.kind, 'crashed');
    await waitFor(() => session.info.state === 'idle' && !!session.info.pid, 20_000, 'a replacement process');
    const r = await session.send('hello again');
    assert.equal(r.text, 'a fresh start');
    assert.equal(r.sessionId, session.info.cliSessionId, 'the same conversation id');
    assert.equal(f.manager.metrics.restarts, 1, 'no restart loop');
    assert.deepEqual(seen.last(), {
      kind: 'config',
      message: 'Claude Code has no saved transcript of this conversation to resume (its process ended before writing one); it starts afresh.',
      action: undefined,
    });
    assert.deepEqual(visible(session), { state: 'idle', kind: undefined, message: undefined, action: undefined }, 'cleared after the fresh start answered');
    // The CLI never wrote "hello?": nothing it saved was lost, and the fresh start carries only the new prompt.
    assert.deepEqual(userTexts(t.api.requests.at(-1)!.body), ['hello again']);
  });

  it('SIGSTOP (stall): the turn fails as stalled, the frozen process is killed, a new one resumes the conversation', async () => {
    f = makeResilienceManager(t.sandbox, { stallMs: 1500 });
    t.api.enqueue(text('kiwi noted'), slow(words(60), 100), text('after the stall'));
    const session = f.manager.create({ folder: f.folder });
    await session.send('remember the word kiwi');
    const frozenPid = session.info.pid!;
    const cut = session.send('tell me a long story');
    await waitFor(() => (t.api.requests[1]?.deltasSent ?? 0) >= 3, 20_000, 'the slow reply to stream');
    process.kill(frozenPid, 'SIGSTOP');
    const stoppedAt = Date.now();

    const err = await rejectionOf(cut);
    const detectedMs = Date.now() - stoppedAt;
    assert.equal(err.kind, 'stalled');
    assert.ok(detectedMs >= 1400 && detectedMs < 15_000, `stall reported after ${detectedMs} ms (stallMs 1500)`);
    assert.equal(visible(session).kind, 'stalled');
    assert.equal(visible(session).action, 'Retry');
    assert.match(visible(session).message!, /printed nothing for \d+ s/);
    // The person sends again at once, while the frozen process is still being stopped: it goes to the replacement.
    const again = session.send('what was the word?');
    // A SIGSTOPped process acts on no signal but SIGKILL (SIGTERM waits for a SIGCONT): it must still go away.
    await waitFor(() => !isAlive(frozenPid), 10_000, `the stopped process ${frozenPid} to be gone`);
    const goneMs = Date.now() - stoppedAt;
    await waitFor(() => session.info.state === 'idle' && !!session.info.pid && session.info.pid !== frozenPid, 20_000, 'the replacement process');
    assert.equal(f.manager.metrics.restarts, 1);

    assert.equal((await again).text, 'after the stall');
    assertApiSaw(t.api.requests.at(-1), ['remember the word kiwi', 'tell me a long story', 'what was the word?']);
    await assertTranscriptHas(t.sandbox, session.info.cliSessionId, ['remember the word kiwi', 'what was the word?']);
    assertShownOnce(session, ['remember the word kiwi', 'tell me a long story', 'what was the word?'], ['kiwi noted', 'after the stall']);
    console.log(`      stall detected after ${detectedMs} ms; stopped process gone ${goneMs} ms after SIGSTOP`);
  });
});

/** Alive and not a zombie. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
