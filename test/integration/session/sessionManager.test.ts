import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hang, lastUserText, text, userTexts } from '../../fixtures/fakeApi';
import { nextEvent } from '../../../src/core/util/emitter';
import { transcriptPath } from '../../../src/core/history/transcripts';
import { makeManager, ManagerFixture } from './managerFixture';
import { useFakeApiSandbox } from '../harness';

describe('SessionManager with the real CLI', function () {
  this.timeout(60_000);
  const t = useFakeApiSandbox();
  let f: ManagerFixture | undefined;
  afterEach(async () => {
    await f?.manager.shutdown();
    f = undefined;
  });

  it('creates a session, sends a prompt and resolves with the turn result', async () => {
    f = makeManager(t.sandbox);
    t.api.enqueue(text('Hello from the fake'));
    const session = f.manager.create({ folder: f.folder });
    const result = await session.send('Say hello');
    assert.equal(result.text, 'Hello from the fake');
    assert.equal(result.isError, false);
    assert.equal(result.sessionId, session.info.cliSessionId);
    assert.equal(session.info.state, 'idle');
    assert.equal(session.info.title, 'Say hello');
    assert.equal(session.info.turns, 1);
    // The CLI writes its transcript a moment after the result line.
    const file = transcriptPath(t.sandbox.cwd, result.sessionId, t.sandbox.home);
    for (let i = 0; i < 40 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(existsSync(file), 'the CLI wrote its transcript');
    assert.equal(lastUserText(t.api.requests[0].body), 'Say hello');
  });

  it('queues prompts sent while a turn runs and delivers them in order, one turn each', async () => {
    f = makeManager(t.sandbox);
    t.api.setHandler((req) => text(`echo: ${lastUserText(req.body)}`, { delayMs: 20 }));
    const session = f.manager.create({ folder: f.folder });
    const first = session.send('one');
    await nextEvent(session.onInfoChange, (i) => i.state === 'busy', 20_000);
    const second = session.send('two');
    const third = session.send('three');
    assert.deepEqual(session.info.queue.map((q) => q.text), ['two', 'three']);
    const results = await Promise.all([first, second, third]);
    assert.deepEqual(results.map((r) => r.text), ['echo: one', 'echo: two', 'echo: three']);
    assert.deepEqual(t.api.requests.map((r) => lastUserText(r.body)), ['one', 'two', 'three']);
  });

  it('resumes by id: the API sees the earlier conversation', async () => {
    f = makeManager(t.sandbox);
    t.api.enqueue(text('first answer'), text('second answer'));
    const a = f.manager.create({ folder: f.folder });
    const r1 = await a.send('remember the word kiwi');
    await a.stop();
    await f.manager.remove(a.id);
    const b = await f.manager.resume(r1.sessionId, f.folder);
    assert.ok(b.messages().length >= 2, 'history seeded from the transcript');
    const r2 = await b.send('what was the word?');
    assert.equal(r2.sessionId, r1.sessionId);
    const seen = userTexts(t.api.requests[1].body).join('\n');
    assert.match(seen, /remember the word kiwi/);
    assert.match(seen, /what was the word\?/);
  });

  it('forks into a new conversation id that carries the history', async () => {
    f = makeManager(t.sandbox);
    t.api.enqueue(text('original'), text('forked'));
    const a = f.manager.create({ folder: f.folder });
    const r1 = await a.send('base prompt');
    const fork = f.manager.fork(a.id);
    const r2 = await fork.send('fork prompt');
    assert.notEqual(r2.sessionId, r1.sessionId);
    assert.match(userTexts(t.api.requests[1].body).join('\n'), /base prompt/);
    assert.ok(existsSync(transcriptPath(t.sandbox.cwd, r2.sessionId, t.sandbox.home)));
  });

  it('runs two sessions side by side in one folder', async () => {
    f = makeManager(t.sandbox);
    t.api.setHandler((req) => text(`re: ${lastUserText(req.body)}`, { delayMs: 10 }));
    const a = f.manager.create({ folder: f.folder });
    const b = f.manager.create({ folder: f.folder });
    const [ra, rb] = await Promise.all([a.send('alpha'), b.send('beta')]);
    assert.equal(ra.text, 're: alpha');
    assert.equal(rb.text, 're: beta');
    assert.notEqual(ra.sessionId, rb.sessionId);
    assert.ok(a.info.pid && b.info.pid && a.info.pid !== b.info.pid);
  });

  it('runs sessions in two folders of a multi-root workspace, each in its own cwd', async () => {
    f = makeManager(t.sandbox);
    const other = { name: 'other', fsPath: join(t.sandbox.root, 'tmp') };
    t.api.setHandler(() => text('ok'));
    const a = f.manager.create({ folder: f.folder });
    const b = f.manager.create({ folder: other });
    await Promise.all([a.send('in work'), b.send('in other')]);
    const cwds = t.api.requests.map((r) => JSON.stringify(r.body)).map((s) => (s.includes(t.sandbox.cwd) ? 'work' : s.includes(other.fsPath) ? 'other' : '?'));
    assert.deepEqual(cwds.sort(), ['other', 'work']);
  });

  it('a warm pool makes the first prompt go out without spawning', async () => {
    f = makeManager(t.sandbox, { settings: { pool: { size: 1, idleTimeoutMs: 600_000, maxAgeMs: 3_600_000, refillDelayMs: 60_000 } } });
    t.api.setHandler(() => text('warm answer'));
    f.manager.warm(f.folder);
    const deadline = Date.now() + 20_000;
    while (f.manager.pool.occupancy.ready < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(f.manager.pool.occupancy.ready, 1, 'one process warmed');
    const warmPid = f.manager.pool.processes()[0].pid;
    const spawnsBefore = f.manager.metrics.spawns;
    const session = f.manager.create({ folder: f.folder });
    const result = await session.send('hi');
    assert.equal(result.text, 'warm answer');
    assert.equal(f.manager.metrics.spawns, spawnsBefore, 'no cold spawn for the first prompt');
    assert.equal(f.manager.pool.hits, 1);
    assert.equal(session.info.pid, warmPid, 'the session runs on the warm process');
  });

  it('interrupts a slow turn within a couple of seconds and stays usable', async () => {
    f = makeManager(t.sandbox);
    t.api.enqueue(hang(), text('after the interrupt'));
    const session = f.manager.create({ folder: f.folder });
    const first = session.send('this will hang');
    await t.api.waitForRequests(1, 20_000);
    const started = Date.now();
    await session.interrupt();
    const r = await first;
    assert.ok(Date.now() - started < 2500, `settled in ${Date.now() - started} ms`);
    assert.equal(r.isError, true);
    const again = await session.send('go on');
    assert.equal(again.text, 'after the interrupt');
  });

  it('restores sessions after a restart: a running turn comes back interrupted and resumes the same conversation', async () => {
    f = makeManager(t.sandbox);
    t.api.enqueue(text('before'), hang());
    const s = f.manager.create({ folder: f.folder });
    const r1 = await s.send('first');
    void s.send('second, cut short').catch(() => undefined);
    await t.api.waitForRequests(2, 20_000);
    await new Promise((r) => setTimeout(r, 400)); // the record is saved on a short debounce
    const store = f.store;
    // The "host" goes away: the processes die with it.
    await f.manager.shutdown();
    f = makeManager(t.sandbox, { store });
    const [restored] = await f.manager.restore();
    assert.equal(restored.info.state, 'interrupted');
    assert.equal(restored.info.cliSessionId, r1.sessionId);
    t.api.setHandler(() => text('resumed'));
    const r3 = await restored.send('continue please');
    assert.equal(r3.sessionId, r1.sessionId);
    assert.match(userTexts(t.api.requests.at(-1)!.body).join('\n'), /first/);
  });
});
