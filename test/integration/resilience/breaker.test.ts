// Row: the folder's circuit breaker opens after N consecutive backend failures, further sends fail fast without
// reaching the API (even on a session whose process is alive), and the person's "Reset and Retry" lets the next through.
import { strict as assert } from 'node:assert';
import { error, text } from '../../fixtures/fakeApi';
import { useFakeApiSandbox } from '../harness';
import { assertApiSaw, makeResilienceManager, rejectionOf, ResilienceFixture, visible } from './resilienceFixture';

describe('resilience: circuit breaker per folder (real CLI)', function () {
  this.timeout(30_000);
  const t = useFakeApiSandbox();
  let f: ResilienceFixture | undefined;
  afterEach(async () => {
    await f?.manager.shutdown();
    f = undefined;
  });

  it('opens after 3 consecutive 500s; sends fail fast with breakerOpen and "Reset and Retry"; reset lets the next send through', async () => {
    f = makeResilienceManager(t.sandbox, { resilience: { breakerThreshold: 3, maxRetries: 1, breakerCooldownMs: 60_000 } });
    const breaker: string[] = [];
    f.manager.onDidChangeBreaker((e) => breaker.push(`${e.folder === f!.folder.fsPath ? 'work' : e.folder}:${e.state}`));
    t.api.setHandler(() => error(500));
    const session = f.manager.create({ folder: f.folder });

    // Failure 1 and its automatic retry, failure 2.
    const first = await session.send('first try');
    assert.equal(first.isError, true);
    assert.equal(visible(session).kind, 'serverError');
    assert.equal(t.api.requests.length, 2);
    // Failure 3 opens the breaker: its automatic retry is refused before it reaches the API.
    const second = await rejectionOf(session.send('second try'));
    assert.equal(second.kind, 'breakerOpen');
    assert.equal(t.api.requests.length, 3);
    assert.deepEqual(breaker, ['work:open']);

    // A further send on the live process fails fast, and so does a new session's (no spawn).
    const third = await rejectionOf(session.send('third try'));
    assert.equal(third.kind, 'breakerOpen');
    assert.equal(t.api.requests.length, 3, 'refused without asking the API');
    assert.equal(third.nextStep?.label, 'Reset and Retry');
    assert.equal(third.nextStep?.command, 'aicode.resetBreaker');
    assert.match(third.message, /Paused after repeated failures in this folder; will try again in up to 60 s\. Last error: The API answered with a server error \(500\)\./);
    assert.deepEqual(visible(session), { state: 'idle', kind: 'breakerOpen', message: third.message, action: 'Reset and Retry' });
    const spawns = f.manager.metrics.spawns;
    const other = f.manager.create({ folder: f.folder });
    assert.equal((await rejectionOf(other.send('from another session'))).kind, 'breakerOpen');
    assert.equal(f.manager.metrics.spawns, spawns, 'no process was started');
    assert.equal(t.api.requests.length, 3, 'nothing reached the API while the breaker was open');

    // "Reset and Retry".
    t.api.setHandler(() => text('the backend is back'));
    f.manager.policyFor(f.folder.fsPath).reset();
    assert.deepEqual(breaker, ['work:open', 'work:closed']);
    const after = await session.send('fourth try');
    assert.equal(after.text, 'the backend is back');
    assert.equal((await other.send('hello from the other')).text, 'the backend is back');
    assertApiSaw(t.api.requests[3], ['first try', 'second try', 'fourth try']);
    assert.equal(f.manager.breakerStates().find((b) => b.folder === f!.folder.fsPath)?.state, 'closed');
  });
});
