// Rows: the API fails (401, 429 with retry-after, 500, 529 for a while, connection refused, a stream cut mid-message).
// The CLI reports each on stdout (result.is_error, api_error_status, the synthetic assistant's `error`); the session
// classifies it, retries only tool-free turns with a transient failure, and stays usable.
import { strict as assert } from 'node:assert';
import { bash, cut, error, FakeApi, lastToolResults, text, times } from '../../fixtures/fakeApi';
import { listPastSessions, readTranscript } from '../../../src/core/history/transcripts';
import { startTrackedFakeApi, useFakeApiSandbox } from '../harness';
import { assertApiSaw, assertShownOnce, assertTranscriptHas, makeResilienceManager, ResilienceFixture, visible, watchErrors } from './resilienceFixture';

describe('resilience: API faults (real CLI, fake API)', function () {
  this.timeout(45_000);
  const t = useFakeApiSandbox();
  let f: ResilienceFixture | undefined;
  let second: FakeApi | undefined;
  afterEach(async () => {
    await f?.manager.shutdown();
    f = undefined;
    await second?.close();
    second = undefined;
  });

  it('401: auth error with "Set Credentials…", not retried; the next send works and carries the conversation', async () => {
    f = makeResilienceManager(t.sandbox);
    t.api.enqueue(text('kiwi noted'), error(401), text('signed in again'));
    const session = f.manager.create({ folder: f.folder });
    await session.send('remember the word kiwi');
    const r = await session.send('hello?');
    assert.equal(r.isError, true);
    assert.equal(t.api.requests.length, 2, 'an auth failure is not retried');
    assert.deepEqual(visible(session), {
      state: 'idle',
      kind: 'auth',
      message: 'Claude rejected the credentials (not signed in, or the key is invalid).',
      action: 'Set Credentials…',
    });
    const again = await session.send('what was the word?');
    assert.equal(again.text, 'signed in again');
    assertApiSaw(t.api.requests[2], ['remember the word kiwi', 'what was the word?']);
    await assertTranscriptHas(t.sandbox, session.info.cliSessionId, ['remember the word kiwi', 'what was the word?']);
  });

  it('429 with retry-after: rateLimited says when, the retry waits that long, then the turn succeeds', async () => {
    // One CLI retry, so the CLI reports the server's retry-after (api_retry.retry_delay_ms) before giving up.
    f = makeResilienceManager(t.sandbox, { env: { CLAUDE_CODE_MAX_RETRIES: '1' } });
    t.api.enqueue(times(2, error(429, { retryAfter: 1 })), text('not limited any more'), text('four'));
    const session = f.manager.create({ folder: f.folder });
    const kinds: string[] = [];
    session.onInfoChange((i) => i.lastError && kinds.at(-1) !== i.lastError.message && kinds.push(i.lastError.message));
    const seen = watchErrors(session);
    const r = await session.send('count to three');
    assert.equal(r.text, 'not limited any more');
    assert.equal(r.isError, false);
    const [a, b, c] = t.api.requests;
    assert.ok(b.dateNow - a.dateNow >= 950, `the CLI waited retry-after (${b.dateNow - a.dateNow} ms)`);
    assert.ok(c.dateNow - b.dateNow >= 950, `our retry waited retry-after too (${c.dateNow - b.dateNow} ms)`);
    assert.equal(seen.last().kind, 'rateLimited');
    assert.equal(seen.last().action, 'Retry');
    assert.equal(visible(session).kind, undefined, 'the banner clears once the turn went through');
    assert.match(kinds.join('\n'), /Rate limited by the API\. Try again in 1 s\. Retrying in 1 s \(attempt 1\)\./);
    assertShownOnce(session, ['count to three'], ['not limited any more']);
    assert.equal((await session.send('and then?')).text, 'four');
    assertApiSaw(t.api.requests[3], ['count to three', 'and then?']);
  });

  it('500: serverError after one automatic retry; a turn that ran a tool is never repeated', async () => {
    f = makeResilienceManager(t.sandbox);
    t.api.enqueue(times(2, error(500)), text('server is back'), bash('echo ran-once'), error(500), text('fine again'));
    const session = f.manager.create({ folder: f.folder });
    session.onPermissionRequest((req) => session.answerPermission(req.requestId, { behavior: 'allow' }));
    const r = await session.send('first question');
    assert.equal(r.isError, true);
    assert.equal(t.api.requests.length, 2, 'a tool-free turn is retried once (maxRetries 1)');
    assert.deepEqual(visible(session), { state: 'idle', kind: 'serverError', message: 'The API answered with a server error (500).', action: 'Retry' });

    assert.equal((await session.send('second question')).text, 'server is back');

    const tool = await session.send('run the tool');
    assert.equal(tool.isError, true);
    assert.equal(visible(session).kind, 'serverError');
    assert.equal(t.api.requests.length, 5, 'the turn that ran a tool was not sent again');
    assert.equal(lastToolResults(t.api.requests[4].body)[0]?.text.trim(), 'ran-once');
    assert.equal((await session.send('and now?')).text, 'fine again');
    assertApiSaw(t.api.requests[5], ['first question', 'second question', 'run the tool', 'and now?']);
  });

  it('529 for a while, then recovery: retried with growing backoff until the API answers', async () => {
    f = makeResilienceManager(t.sandbox, { resilience: { maxRetries: 3, initialDelayMs: 100 } });
    t.api.enqueue(times(3, error(529)), text('capacity is back'), text('still fine'));
    const session = f.manager.create({ folder: f.folder });
    const seen = watchErrors(session);
    const r = await session.send('are you overloaded?');
    assert.equal(r.text, 'capacity is back');
    assert.equal(t.api.requests.length, 4);
    assert.equal(seen.last().kind, 'overloaded');
    assert.match(seen.last().message!, /overloaded.*Retrying in [\d.]+ s \(attempt 3\)/);
    assert.equal(visible(session).kind, undefined, 'the banner clears once the turn went through');
    assert.equal(f.manager.metrics.errorsByKind.get('overloaded'), 3);
    assertShownOnce(session, ['are you overloaded?'], ['capacity is back']);
    assert.equal((await session.send('and now?')).text, 'still fine');
    assertApiSaw(t.api.requests[4], ['are you overloaded?', 'and now?']);
    // Each attempt at this first prompt went out in a new conversation; the failed ones left no transcript behind.
    await f.manager.shutdown();
    const past = await listPastSessions(t.sandbox.cwd, t.sandbox.home);
    assert.deepEqual(past.map((p) => p.id), [session.info.cliSessionId]);
    const conversation = await readTranscript(past[0].file);
    assert.deepEqual(conversation.filter((m) => m.type === 'user').map((m) => m.type === 'user' && m.message.content), ['are you overloaded?', 'and now?']);
  });

  it('connection refused: network error with "Retry"; once the API listens again the conversation goes on', async () => {
    f = makeResilienceManager(t.sandbox);
    t.api.enqueue(text('kiwi noted'));
    const session = f.manager.create({ folder: f.folder });
    await session.send('remember the word kiwi');
    const port = t.api.port;
    await t.api.close();

    const r = await session.send('anyone there?');
    assert.equal(r.isError, true);
    assert.equal(visible(session).kind, 'network');
    assert.match(visible(session).message!, /Could not reach the API: .*Unable to connect to API/);
    assert.equal(visible(session).action, 'Retry');

    second = await startTrackedFakeApi({ port });
    second.enqueue(text('back online'));
    assert.equal((await session.send('what was the word?')).text, 'back online');
    // The automatic retry went out from before the first attempt: the failed prompt is in the conversation once.
    assertApiSaw(second.requests[0], ['remember the word kiwi', 'anyone there?', 'what was the word?']);
  });

  it('stream cut mid-message (and its non-streaming fallback): network error, retried, answered once', async () => {
    f = makeResilienceManager(t.sandbox);
    t.api.enqueue(cut(2), cut(2), text('the whole answer'), text('next answer'));
    const session = f.manager.create({ folder: f.folder });
    const seen = watchErrors(session);
    const r = await session.send('tell me everything');
    assert.equal(r.text, 'the whole answer');
    assert.deepEqual(t.api.requests.map((q) => q.outcome), ['cut', 'cut', 'complete']);
    assert.deepEqual(t.api.requests.map((q) => q.streaming), [true, false, true]);
    assert.equal(seen.last().kind, 'network');
    assert.match(seen.last().message!, /Could not reach the API: .*ECONNRESET/);
    assert.equal(visible(session).kind, undefined, 'the banner clears once the turn went through');
    assertShownOnce(session, ['tell me everything'], ['the whole answer']);
    assert.equal((await session.send('more?')).text, 'next answer');
    assertApiSaw(t.api.requests[3], ['tell me everything', 'more?']);
    assert.match(JSON.stringify(t.api.requests[3].body?.messages), /the whole answer/);
  });
});
