// SessionManager against the fake CLI: lifecycle, records, fork/resume/restore, slots, breaker and metrics.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from '../../../../src/core/errors/cliError';
import { transcriptPath } from '../../../../src/core/history/transcripts';
import { MemorySessionStore, SessionRecord, SessionStore } from '../../../../src/core/session/sessionStore';
import { SessionInfo } from '../../../../src/core/session/sessionTypes';
import { delay, isAlive, waitFor } from '../testUtil';
import { Harness, lastArgv, makeHarness, removeHarnessRoot, shutdownHarnesses } from './harness';

async function rejection(p: Promise<unknown>): Promise<CliError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CliError, `expected a CliError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the promise to reject');
}

function writeTranscript(h: Harness, id: string, lines: object[]): void {
  const file = transcriptPath(h.folder.fsPath, id, h.home);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
}

const pastTurn = (id: string) => [
  { type: 'user', message: { role: 'user', content: 'earlier question' }, uuid: randomUUID(), session_id: id },
  { type: 'assistant', message: { id: 'msg_old', role: 'assistant', content: [{ type: 'text', text: 'earlier answer' }] }, uuid: randomUUID(), session_id: id },
];

function record(h: Harness, patch: Partial<SessionRecord>): SessionRecord {
  return { id: randomUUID(), folder: h.folder, title: 'Old', permissionMode: 'default', state: 'idle', createdAt: 1, lastActiveAt: 2, costUsd: 0.5, inputTokens: 10, outputTokens: 20, turns: 3, ...patch };
}

describe('SessionManager (against the fake CLI)', function () {
  this.timeout(10_000);
  afterEach(() => shutdownHarnesses());
  after(() => removeHarnessRoot());

  describe('sessions', () => {
    it('create, list, get, rename and remove', async () => {
      const h = makeHarness();
      let listChanges = 0;
      h.manager.onDidChangeSessions(() => listChanges++);
      const a = h.manager.create({ folder: h.folder });
      const b = h.manager.create({ folder: h.folder });
      assert.equal(listChanges, 2);
      assert.deepEqual(h.manager.list().map((s) => s.id), [a.id, b.id]);
      assert.equal(h.manager.get(a.id), a);
      assert.equal(h.manager.get('nope'), undefined);
      assert.equal(a.info.state, 'stopped');
      assert.deepEqual(a.info.folder, h.folder);

      const changed: SessionInfo[] = [];
      h.manager.onDidChangeSession((i) => changed.push(i));
      h.manager.rename(a.id, '  Named  ');
      assert.equal(a.info.title, 'Named');
      assert.equal(changed.at(-1)?.title, 'Named');
      h.manager.rename(a.id, '   ');
      h.manager.rename('nope', 'x');
      assert.equal(a.info.title, 'Named');

      await a.send('hi');
      const pid = a.info.pid!;
      await h.manager.remove(a.id);
      assert.ok(!isAlive(pid), 'removing a session ends its process');
      assert.equal(h.manager.get(a.id), undefined);
      assert.deepEqual(h.manager.list().map((s) => s.id), [b.id]);
      assert.equal(listChanges, 3);
      await h.manager.remove(a.id); // twice: nothing happens
      assert.equal(listChanges, 3);
    });

    it('applies per-session overrides over the folder config, ignoring undefined ones', async () => {
      const h = makeHarness({ config: { permissionMode: 'plan', model: 'haiku' } });
      const s = h.manager.create({ folder: h.folder, overrides: { model: 'sonnet', permissionMode: undefined } });
      assert.equal(s.info.model, 'sonnet');
      assert.equal(s.info.permissionMode, 'plan');
      await s.send('hi');
      const argv = lastArgv(s.messages());
      assert.ok(argv.includes('--model=sonnet'), argv.join(' '));
      assert.ok(argv.includes('--permission-mode=plan'), argv.join(' '));
    });

    it('stopAll stops every session', async () => {
      const h = makeHarness();
      const a = h.manager.create({ folder: h.folder });
      const b = h.manager.create({ folder: h.folder });
      await Promise.all([a.send('a'), b.send('b')]);
      const pids = [a.info.pid!, b.info.pid!];
      await h.manager.stopAll();
      assert.deepEqual([a.info.state, b.info.state], ['stopped', 'stopped']);
      assert.ok(pids.every((pid) => !isAlive(pid)));
    });
  });

  describe('fork and resume', () => {
    it('fork needs a conversation', () => {
      const h = makeHarness();
      const s = h.manager.create({ folder: h.folder });
      assert.throws(() => h.manager.fork(s.id), (e: unknown) => e instanceof CliError && e.kind === 'config');
      assert.throws(() => h.manager.fork('no-such-session'), CliError);
    });

    it('fork starts a new conversation from a copy of the source, then goes on as its own', async () => {
      const h = makeHarness({ config: { model: 'haiku' } });
      const source = h.manager.create({ folder: h.folder, overrides: { model: 'sonnet' } });
      source.rename('Parser work');
      const original = await source.send('first');
      const fork = h.manager.fork(source.id);
      assert.equal(fork.info.title, 'Parser work (fork)');
      assert.equal(fork.info.state, 'stopped');
      const forkId = fork.info.cliSessionId!;
      assert.notEqual(forkId, original.sessionId);
      assert.deepEqual(fork.messages(), source.messages(), 'the fork shows the history it starts from');

      const r = await fork.send('branch');
      const argv = lastArgv(fork.messages());
      assert.ok(argv.includes(`--resume=${original.sessionId}`), argv.join(' '));
      assert.ok(argv.includes('--fork-session'));
      assert.ok(argv.includes(`--session-id=${forkId}`));
      assert.ok(argv.includes('--model=sonnet'), 'the fork keeps the source session config');
      assert.equal(r.sessionId, forkId);
      assert.equal(fork.info.cliSessionId, forkId);
      assert.equal(source.info.cliSessionId, original.sessionId, 'the source is untouched');

      await fork.park();
      await fork.send('later');
      const again = lastArgv(fork.messages());
      assert.ok(again.includes(`--resume=${forkId}`), again.join(' '));
      assert.ok(!again.includes('--fork-session'), 'forks only once');
    });

    it('resume continues a conversation by id, seeded with its transcript, once', async () => {
      const h = makeHarness();
      const id = randomUUID();
      writeTranscript(h, id, pastTurn(id));
      const s = await h.manager.resume(id, h.folder, 'From the terminal');
      assert.equal(s.info.title, 'From the terminal');
      assert.equal(s.info.state, 'stopped');
      assert.equal(s.info.cliSessionId, id);
      assert.deepEqual(s.messages().map((m) => m.type), ['user', 'assistant']);
      assert.equal(await h.manager.resume(id, h.folder), s, 'the same conversation is not opened twice');
      const r = await s.send('go on');
      assert.equal(r.sessionId, id);
      assert.ok(lastArgv(s.messages()).includes(`--resume=${id}`));
      const untitled = await h.manager.resume(randomUUID(), h.folder);
      assert.equal(untitled.info.title, 'Resumed session');
      assert.deepEqual(untitled.messages(), [], 'no transcript: nothing to show');
    });
  });

  describe('records', () => {
    it('restore brings sessions back: running ones as interrupted with their queue, the rest stopped', async () => {
      const store = new MemorySessionStore();
      const h = makeHarness({ store });
      const withTranscript = randomUUID();
      const withoutTranscript = randomUUID();
      writeTranscript(h, withTranscript, pastTurn(withTranscript));
      const busy = record(h, { state: 'busy', cliSessionId: withTranscript, title: 'Was running', queuedTexts: ['pending one', 'pending two'] });
      const idle = record(h, { state: 'idle' });
      const starting = record(h, { state: 'starting', cliSessionId: withoutTranscript });
      store.records = [busy, idle, starting];

      const restored = await h.manager.restore();
      assert.deepEqual(restored.map((s) => s.id), [busy.id, idle.id, starting.id]);
      const [a, b, c] = restored;
      assert.equal(a.info.state, 'interrupted');
      assert.match(a.info.stateReason ?? '', /reload/);
      assert.equal(a.info.title, 'Was running');
      assert.equal(a.info.costUsd, 0.5);
      assert.equal(a.info.turns, 3);
      assert.deepEqual(a.info.queue.map((q) => q.text), ['pending one', 'pending two']);
      assert.deepEqual(a.messages().map((m) => m.type), ['user', 'assistant']);
      assert.equal(b.info.state, 'stopped');
      assert.equal(b.info.stateReason, undefined);
      assert.equal(c.info.state, 'interrupted');
      assert.deepEqual(c.messages(), []);
      assert.equal(h.children.length, 0, 'nothing starts by itself');
      assert.deepEqual(await h.manager.restore(), [], 'restoring twice adds nothing');

      await a.resume();
      await waitFor(() => a.info.turns === 5, 'the restored prompts to run');
      assert.ok(lastArgv(a.messages()).includes(`--resume=${withTranscript}`));
      assert.deepEqual(a.messages().filter((m) => m.type === 'result').map((m) => (m as { result?: string }).result), ['echo: pending one', 'echo: pending two']);

      // No transcript on disk: the CLI never saved that conversation, so it starts under the same id.
      await c.send('fresh');
      assert.ok(lastArgv(c.messages()).includes(`--session-id=${withoutTranscript}`));
    });

    it('saves records debounced, with queued prompts and without live-only fields', async () => {
      const saves: SessionRecord[][] = [];
      const store: SessionStore = { load: () => [], save: (records) => void saves.push(records) };
      const h = makeHarness({ store });
      const s = h.manager.create({ folder: h.folder });
      h.manager.rename(s.id, 'One');
      h.manager.rename(s.id, 'Two');
      assert.equal(saves.length, 0, 'not on every change');
      await waitFor(() => saves.length === 1, 'the debounced save', 2000);
      assert.equal(saves[0].length, 1);
      assert.equal(saves[0][0].id, s.id);
      assert.equal(saves[0][0].title, 'Two');
      assert.deepEqual(saves[0][0].queuedTexts, []);
      const running = s.send('@slow=300 running');
      await waitFor(() => s.info.state === 'busy', 'busy');
      void s.send('queued').catch(() => undefined);
      await h.manager.shutdown(); // saves at once
      const last = saves.at(-1)!;
      assert.deepEqual(last[0].queuedTexts, ['queued']);
      assert.ok(!('pid' in last[0]) && !('queue' in last[0]) && !('pendingPermissions' in last[0]));
      await running.catch(() => undefined);
    });

    it('a failing store is logged, not thrown', async () => {
      const store: SessionStore = { load: () => [], save: () => Promise.reject(new Error('disk full')) };
      const h = makeHarness({ store });
      h.manager.create({ folder: h.folder });
      await waitFor(() => h.logger.lines.some((l) => l.level === 'warn' && /Could not save sessions: disk full/.test(l.message)), 'the warning', 2000);
    });
  });

  describe('maxConcurrent', () => {
    it('parks the least recently active idle session to make room', async () => {
      const h = makeHarness({ settings: { maxConcurrent: 2 } });
      const [a, b, c] = [0, 1, 2].map(() => h.manager.create({ folder: h.folder }));
      await a.send('a1');
      await delay(5);
      await b.send('b1');
      await delay(5);
      await c.send('c1');
      assert.equal(a.info.state, 'stopped');
      assert.match(a.info.stateReason ?? '', /Parked/);
      assert.equal(a.liveProcess, undefined);
      assert.ok(b.liveProcess && c.liveProcess);
      await delay(5);
      const r = await a.send('a2');
      assert.equal(r.text, 'echo: a2');
      assert.equal(b.liveProcess, undefined, 'now b was the least recently active');
      assert.ok(c.liveProcess && a.liveProcess);
      assert.ok(lastArgv(a.messages()).includes(`--resume=${a.info.cliSessionId}`));
    });

    it('when every slot is busy, a new session waits with a visible reason and starts when one frees', async () => {
      const h = makeHarness({ settings: { maxConcurrent: 1 } });
      const a = h.manager.create({ folder: h.folder });
      const b = h.manager.create({ folder: h.folder });
      const long = a.send('@slow=400 long');
      await waitFor(() => a.info.state === 'busy', 'a busy');
      const waiting = b.send('b waits');
      await waitFor(() => b.info.state === 'queued', 'b to wait for a slot');
      assert.match(b.info.stateReason ?? '', /Waiting for a free slot.*maxConcurrent = 1/);
      assert.equal(h.children.length, 1);
      assert.equal((await long).text, 'echo: long');
      assert.equal((await waiting).text, 'echo: b waits');
      assert.equal(a.liveProcess, undefined, 'a was parked once idle');
      assert.equal(b.info.stateReason, undefined);
    });
  });

  describe('breaker and metrics', () => {
    it('opens the folder breaker after repeated backend failures; sends fail fast until it is reset', async () => {
      const h = makeHarness({ settings: { resilience: { maxRetries: 0, breakerThreshold: 2, breakerCooldownMs: 30_000, initialDelayMs: 10 } } });
      const changes: { folder: string; state: string }[] = [];
      h.manager.onDidChangeBreaker((e) => changes.push(e));
      const s = h.manager.create({ folder: h.folder });
      assert.deepEqual(h.manager.breakerStates(), []);
      assert.equal((await s.send('@fail529=9 a')).isError, true);
      assert.deepEqual(h.manager.breakerStates().map((b) => b.state), ['closed']);
      assert.equal((await s.send('@fail529=9 a')).isError, true);
      await waitFor(() => changes.length > 0, 'the breaker to change');
      assert.deepEqual(changes, [{ folder: h.folder.fsPath, state: 'open' }]);
      const [state] = h.manager.breakerStates();
      assert.equal(state.folder, h.folder.fsPath);
      assert.equal(state.state, 'open');
      assert.match(state.lastError ?? '', /overloaded/);

      // On the live process: refused before it reaches the CLI.
      const refused = await rejection(s.send('hello'));
      assert.equal(refused.kind, 'breakerOpen');
      assert.equal(refused.nextStep?.command, 'aicode.resetBreaker');
      assert.equal(s.messages().filter((m) => m.type === 'result').length, 2);
      // A new session does not even spawn.
      const other = h.manager.create({ folder: h.folder });
      assert.equal((await rejection(other.send('hello'))).kind, 'breakerOpen');
      assert.equal(h.children.length, 1);
      // A crash now: the replacement is refused too, and the session does not pretend to be starting.
      const states: string[] = [];
      s.onInfoChange((i) => states.push(`${i.state}:${i.lastError?.kind}`));
      process.kill(s.info.pid!, 'SIGKILL');
      await waitFor(() => states.includes('starting:breakerOpen') && s.info.state !== 'starting', 'the refused recovery to settle');
      assert.deepEqual(states.filter((x, i) => x !== states[i - 1]), ['idle:crashed', 'stopped:crashed', 'starting:crashed', 'starting:breakerOpen', 'stopped:breakerOpen']);
      assert.equal(h.children.length, 1);

      h.manager.policyFor(h.folder.fsPath).reset();
      assert.deepEqual(changes.at(-1), { folder: h.folder.fsPath, state: 'closed' });
      assert.equal((await s.send('hello')).text, 'echo: hello');
      assert.equal((await other.send('hi')).text, 'echo: hi');
      assert.deepEqual(h.manager.breakerStates().map((b) => b.state), ['closed']);
    });

    it('a process that crashes on every turn opens the breaker too (its successful respawns do not reset the count)', async () => {
      const h = makeHarness({ settings: { resilience: { maxRetries: 0, breakerThreshold: 2, breakerCooldownMs: 30_000, initialDelayMs: 10 } } });
      const s = h.manager.create({ folder: h.folder });
      assert.equal((await rejection(s.send('@crash'))).kind, 'crashed');
      await waitFor(() => s.info.state === 'idle', 'the first recovery');
      assert.equal((await rejection(s.send('@crash'))).kind, 'crashed');
      await waitFor(() => h.manager.breakerStates()[0]?.state === 'open', 'the breaker to open');
      await waitFor(() => s.info.lastError?.kind === 'breakerOpen' && s.info.state !== 'starting', 'the second recovery to be refused');
      assert.equal(h.children.length, 2, 'no third process');
      assert.equal((await rejection(s.send('@crash'))).kind, 'breakerOpen');
    });

    it('counts spawns, turns, tokens, cost, errors by kind and restarts', async () => {
      const h = makeHarness();
      const s = h.manager.create({ folder: h.folder });
      await s.send('one');
      await s.send('two');
      await rejection(s.send('@crash'));
      await waitFor(() => s.info.state === 'idle', 'the recovery');
      await s.send('@fail529=1 three');
      const m = h.manager.metrics.snapshot();
      assert.equal(m.spawns, 3, 'the first, the crash recovery, and the retry that resumes from before the failed attempt');
      assert.equal(m.restarts, 1);
      assert.equal(m.turns, 5, 'two, the crashed one, the failed attempt and its retry');
      assert.deepEqual(m.errorsByKind, { crashed: 1, overloaded: 1 });
      assert.equal(m.tokensIn, 4);
      assert.equal(m.tokensOut, 8);
      assert.ok(Math.abs(m.costUsd - 0.0004) < 1e-12, String(m.costUsd));
      assert.equal(m.turnMs.count, 5);
      assert.equal(m.timeToFirstTokenMs.count, 5);
      await waitFor(() => h.manager.metrics.spawnMs.count === 3, 'every spawn time');
    });
  });
});
