// Row: many sessions at once. 8 sessions × 5 turns all answer correctly and in order, each in its own conversation;
// with aicode.sessions.maxConcurrent lowered to 4, never more than 4 CLI processes run and the others wait in line
// with a visible reason, then resume their own conversation.
import { strict as assert } from 'node:assert';
import { hang, lastUserText, RecordedRequest, text } from '../../fixtures/fakeApi';
import { Session } from '../../../src/core/session/session';
import { scanSandboxProcesses, useFakeApiSandbox } from '../harness';
import { assertApiSaw, makeResilienceManager, rejectionOf, ResilienceFixture, waitFor } from './resilienceFixture';

const SESSIONS = 8;
const TURNS = 5;

describe('resilience: many sessions at once (real CLI)', function () {
  this.timeout(90_000);
  const t = useFakeApiSandbox();
  let f: ResilienceFixture | undefined;
  afterEach(async () => {
    await f?.manager.shutdown();
    f = undefined;
  });

  it(`${SESSIONS} sessions × ${TURNS} turns, then maxConcurrent lowered to 4: results in order, ≤ 4 processes, the rest wait visibly`, async () => {
    f = makeResilienceManager(t.sandbox);
    t.api.setHandler((req) => text(`re: ${lastUserText(req.body)}`, { delayMs: 5 }));
    const sessions = Array.from({ length: SESSIONS }, () => f!.manager.create({ folder: f!.folder }));

    // Round 1: 8 slots. Every session queues its 5 prompts at once; each must come back in order.
    const round1 = await Promise.all(sessions.map((s, i) => Promise.all(prompts(i, 1).map((p) => s.send(p)))));
    round1.forEach((results, i) => assert.deepEqual(results.map((r) => r.text), prompts(i, 1).map((p) => `re: ${p}`)));
    assert.equal(new Set(sessions.map((s) => s.info.cliSessionId)).size, SESSIONS, 'one conversation each');

    // Round 2: the setting is lowered while 8 processes are alive (the extension calls configChanged()).
    f.settings.maxConcurrent = 4;
    f.manager.configChanged();
    const parked = (): Session[] => sessions.filter((s) => s.info.state === 'stopped' && /^Parked to free a slot/.test(s.info.stateReason ?? ''));
    await waitFor(() => parked().length === 4, 10_000, 'the idle sessions beyond the limit to be parked');
    assert.ok(cliProcesses() <= 4);
    const reasons = new Set<string>();
    for (const s of sessions) s.onInfoChange((i) => i.state === 'queued' && i.stateReason && reasons.add(i.stateReason));
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, cliProcesses())), 10);
    let round2: Awaited<ReturnType<Session['send']>>[][];
    try {
      round2 = await Promise.all(sessions.map((s, i) => Promise.all(prompts(i, 2).map((p) => s.send(p)))));
    } finally {
      clearInterval(sampler);
    }
    round2.forEach((results, i) => assert.deepEqual(results.map((r) => r.text), prompts(i, 2).map((p) => `re: ${p}`)));
    assert.ok(peak <= 4, `at most 4 CLI processes at once in round 2 (saw ${peak})`);
    assert.ok(peak >= 3, `the slots were used (peak ${peak})`);
    console.log(`      round 2: peak ${peak} CLI processes; ${f.manager.metrics.spawns} spawns in all`);
    assert.ok(reasons.size > 0, 'some session waited in line');
    assert.match([...reasons][0], /Waiting for a free slot: 4 sessions are running \(aicode\.sessions\.maxConcurrent = 4\)/);

    // Nothing lost: each session's last request carries all 10 of its prompts, in order, and none of another's.
    for (const [i, s] of sessions.entries()) {
      const mine = requestsOf(t.api.requests, s.info.cliSessionId!);
      assertApiSaw(mine.at(-1), [...prompts(i, 1), ...prompts(i, 2)]);
      assert.ok(!JSON.stringify(mine.at(-1)?.body?.messages).includes(`session ${(i + 1) % SESSIONS} `), 'no other session leaked in');
    }
    assert.equal(f.manager.metrics.turns, SESSIONS * TURNS * 2);
  });

  it('shutdown while sessions wait in line for a slot: they give up, and no process starts after it', async () => {
    f = makeResilienceManager(t.sandbox, { settings: { maxConcurrent: 1 } });
    t.api.enqueue(hang());
    const [a, b, c] = [0, 1, 2].map(() => f!.manager.create({ folder: f!.folder }));
    const running = a.send('hang on');
    await t.api.waitForRequests(1, 20_000);
    const waiting = [rejectionOf(b.send('me next')), rejectionOf(c.send('me too'))];
    await waitFor(() => b.info.state === 'queued' && c.info.state === 'queued', 5000, 'both to wait in line');
    assert.match(b.info.stateReason!, /Waiting for a free slot: 1 sessions are running \(aicode\.sessions\.maxConcurrent = 1\)/);
    await f.manager.shutdown();
    f = undefined;
    assert.equal((await running).subtype, 'error_during_execution', 'the running turn was interrupted');
    for (const err of await Promise.all(waiting)) assert.equal(err.kind, 'interrupted');
    assert.equal(t.api.requests.length, 1);
    // The root afterEach fails this test if any CLI process is still alive.
  });
});

function prompts(session: number, round: number): string[] {
  return Array.from({ length: TURNS }, (_, k) => `session ${session} round ${round} turn ${k + 1}`);
}

function requestsOf(requests: readonly RecordedRequest[], cliSessionId: string): RecordedRequest[] {
  return requests.filter((r) => r.headers['x-claude-code-session-id'] === cliSessionId);
}

/** Live CLI processes started by this test process (the OS's view; the CLI's own helpers, e.g. ripgrep, not counted). */
function cliProcesses(): number {
  return scanSandboxProcesses().filter((p) => p.ppid === process.pid).length;
}
