// How a Session survives its process failing: crash, stall, oversized and malformed lines, transient API errors.
import { strict as assert } from 'node:assert';
import { CliError } from '../../../../src/core/errors/cliError';
import { featuresFor, parseVersion } from '../../../../src/core/process/versionAdapter';
import { Session } from '../../../../src/core/session/session';
import { SessionInfo } from '../../../../src/core/session/sessionTypes';
import { isAlive, waitFor } from '../testUtil';
import { Harness, HarnessOptions, lastArgv, makeHarness, removeHarnessRoot, shutdownHarnesses } from './harness';

async function rejection(p: Promise<unknown>): Promise<CliError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CliError, `expected a CliError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the promise to reject');
}

const count = (s: Session, type: string, subtype?: string) => s.messages().filter((m) => m.type === type && (subtype === undefined || (m as { subtype?: string }).subtype === subtype)).length;

describe('Session faults (against the fake CLI)', function () {
  this.timeout(10_000);
  let h: Harness;
  let states: SessionInfo['state'][];
  const start = (options: HarnessOptions = {}): Session => {
    h = makeHarness(options);
    const s = h.manager.create({ folder: h.folder });
    states = [];
    s.onInfoChange((i) => {
      if (states.at(-1) !== i.state) states.push(i.state);
    });
    return s;
  };

  afterEach(() => shutdownHarnesses());
  after(() => removeHarnessRoot());

  it('a crash mid-turn rejects the turn as crashed, marks it interrupted and replaces the process', async () => {
    const s = start();
    const first = await s.send('hello');
    const pid = s.info.pid!;
    const err = await rejection(s.send('@crash'));
    assert.equal(err.kind, 'crashed');
    assert.match(err.message, /exited with code 3/);
    assert.match(err.message, /something went wrong/, 'the stderr tail explains the crash');
    assert.ok(err.nextStep, 'the UI gets a next step');
    // Recovery: a new process resuming the same conversation, without repeating the cut turn.
    await waitFor(() => s.info.state === 'idle' && s.info.pid !== undefined && s.info.pid !== pid, 'the replacement process');
    assert.deepEqual(states.slice(states.indexOf('interrupted')), ['interrupted', 'starting', 'idle']);
    assert.equal(s.info.lastError?.kind, 'crashed');
    assert.equal(h.manager.metrics.restarts, 1);
    assert.equal(h.children.length, 2);
    assert.ok(!isAlive(pid));
    const next = await s.send('still there?');
    assert.equal(next.text, 'echo: still there?');
    assert.equal(next.sessionId, first.sessionId);
    assert.ok(lastArgv(s.messages()).includes(`--resume=${first.sessionId}`));
    assert.equal(count(s, 'system', 'init'), 3, 'the crashed prompt was not sent again');
  });

  it('a crash while idle is recorded and recovered too', async () => {
    const s = start();
    await s.send('hello');
    const pid = s.info.pid!;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => s.info.state === 'idle' && s.info.pid !== pid, 'the replacement process');
    assert.equal(s.info.lastError?.kind, 'crashed');
    assert.match(s.info.lastError?.message ?? '', /SIGKILL/);
    assert.ok(states.includes('stopped'), 'nothing was cut short');
    assert.ok(!states.includes('interrupted'));
    assert.equal((await s.send('again')).text, 'echo: again');
  });

  it('a stall rejects the turn as stalled and replaces the process', async () => {
    const s = start({ stallMs: 300 });
    await s.send('warm up');
    const pid = s.info.pid!;
    const started = Date.now();
    const err = await rejection(s.send('@stall'));
    assert.equal(err.kind, 'stalled');
    assert.ok(Date.now() - started >= 250, 'not before stallMs of silence');
    await waitFor(() => s.info.state === 'idle' && s.info.pid !== pid, 'the replacement process');
    assert.equal(h.manager.metrics.restarts, 1);
    assert.equal(s.info.lastError?.kind, 'stalled');
    assert.equal((await s.send('after the stall')).text, 'echo: after the stall');
    assert.equal(h.manager.metrics.errorsByKind.get('stalled'), 1);
  });

  it('an oversized line ends the turn as oversizedLine and stops the process; the next prompt gets a new one', async () => {
    const s = start({ maxLineBytes: 10_000, fake: { longBytes: 50_000 } });
    const first = await s.send('hello');
    const pid = s.info.pid!;
    const err = await rejection(s.send('@longLine'));
    assert.equal(err.kind, 'oversizedLine');
    assert.equal(err.nextStep?.args?.[0], 'aicode.stream.maxLineBytes');
    await waitFor(() => !isAlive(pid) && s.info.state === 'stopped', 'the process to be stopped');
    assert.equal(h.manager.metrics.restarts, 0, 'not replaced until needed');
    const next = await s.send('smaller please');
    assert.equal(next.text, 'echo: smaller please');
    assert.equal(next.sessionId, first.sessionId);
    assert.ok(lastArgv(s.messages()).includes(`--resume=${first.sessionId}`));
  });

  it('a malformed line is recorded as lastError but the turn completes', async () => {
    const s = start({ fake: { text: 'fine anyway' } });
    const r = await s.send('@malformed');
    assert.equal(r.text, 'fine anyway');
    assert.equal(r.isError, false);
    assert.equal(s.info.lastError?.kind, 'malformedStream');
    assert.equal(s.info.state, 'idle');
    assert.equal(s.info.turns, 1);
    assert.ok(h.logger.lines.some((l) => l.level === 'warn' && /malformed/i.test(l.message)));
  });

  it('a transient API error in a turn that ran no tool is sent again after a backoff, once', async () => {
    const s = start();
    const lastErrors: string[] = [];
    s.onInfoChange((i) => i.lastError && lastErrors.at(-1) !== i.lastError.message && lastErrors.push(i.lastError.message));
    const r = await s.send('@fail529=1 hello');
    assert.equal(r.isError, false);
    assert.equal(r.text, 'echo: hello');
    assert.equal(count(s, 'result'), 2, 'the CLI ran the prompt twice');
    assert.equal(s.messages().filter((m) => (m as { aicode_prompt?: boolean }).aicode_prompt).length, 1, 'the UI shows the prompt once');
    assert.ok(lastErrors.some((m) => /overloaded.*Retrying in .* s \(attempt 1\)/i.test(m)), lastErrors.join('\n'));
    assert.equal(s.info.turns, 1);
    assert.equal(h.manager.metrics.errorsByKind.get('overloaded'), 1);
  });

  it('a failed first prompt is retried in a new conversation, so the model never sees its failed attempt', async () => {
    const s = start();
    const r = await s.send('@fail529=1 hello');
    assert.equal(r.text, 'echo: hello');
    assert.equal(h.children.length, 2, 'the failed attempt’s process was replaced');
    const [first, second] = s.messages().filter((m) => m.type === 'system' && m.subtype === 'init') as { session_id?: string; fake_argv?: string[] }[];
    assert.notEqual(second.session_id, first.session_id);
    assert.equal(s.info.cliSessionId, second.session_id, 'the session follows the new conversation');
    assert.ok(!second.fake_argv!.some((a) => a.startsWith('--resume')), second.fake_argv!.join(' '));
    assert.equal(isAlive(h.children[0].pid!), false);
  });

  it('a failed later prompt is retried from the end of the turn before it (--resume-session-at)', async () => {
    const s = start();
    await s.send('first');
    const lastOfFirstTurn = s.messages().filter((m) => m.type === 'assistant').at(-1)!.uuid!;
    const r = await s.send('@fail529=1 second');
    assert.equal(r.text, 'echo: second');
    assert.equal(h.children.length, 2);
    assert.deepEqual(
      lastArgv(s.messages()).filter((a) => a.startsWith('--resume')),
      [`--resume=${s.info.cliSessionId}`, `--resume-session-at=${lastOfFirstTurn}`],
    );
    assert.equal(s.info.turns, 2);
  });

  it('"Retry" after a tool-free failure goes back to before it; after a turn that ran a tool it resends on the same conversation', async () => {
    const s = start({ settings: { resilience: { maxRetries: 0, breakerThreshold: 10, breakerCooldownMs: 30_000, initialDelayMs: 10 } } });
    await s.send('first');
    const tip = s.messages().filter((m) => m.type === 'assistant').at(-1)!.uuid!;
    assert.equal((await s.send('@fail529=1 second')).isError, true);
    assert.equal(h.children.length, 1, 'no automatic retry');
    assert.equal((await s.resendLast())!.text, 'echo: second');
    assert.equal(h.children.length, 2);
    assert.ok(lastArgv(s.messages()).includes(`--resume-session-at=${tip}`));

    assert.equal((await s.send('@tool @fail529=1 third')).isError, true);
    assert.equal((await s.resendLast())!.text, 'echo: third');
    assert.equal(h.children.length, 2, 'the tool ran: the model must see that, so the prompt goes to the same process');
  });

  it('gives up after maxRetries and resolves with the error result', async () => {
    const s = start({ settings: { resilience: { maxRetries: 2, breakerThreshold: 10, breakerCooldownMs: 30_000, initialDelayMs: 10 } } });
    const r = await s.send('@fail529=9 hello');
    assert.equal(r.isError, true);
    assert.match(r.text, /529/);
    assert.equal(count(s, 'result'), 3, 'one try and two retries');
    assert.equal(s.info.lastError?.kind, 'overloaded');
    assert.doesNotMatch(s.info.lastError?.message ?? '', /Retrying/);
  });

  it('a transient API error in a turn that ran a tool is not repeated', async () => {
    const s = start();
    const r = await s.send('@tool @fail529=1 hello');
    assert.equal(r.isError, true);
    assert.match(r.text, /529/);
    assert.equal(count(s, 'result'), 1);
    assert.equal(s.info.lastError?.kind, 'overloaded');
    assert.equal(s.info.state, 'idle');
    assert.equal((await s.send('@tool @fail529=1 hello')).text, 'echo: hello', 'the person may send it again');
  });

  it('stop during a retry backoff cancels the retry', async () => {
    const s = start({ settings: { resilience: { maxRetries: 1, breakerThreshold: 10, breakerCooldownMs: 30_000, initialDelayMs: 2000 } } });
    const turn = s.send('@fail529=1 hello');
    await waitFor(() => /Retrying/.test(s.info.lastError?.message ?? ''), 'the retry to be scheduled');
    const cancelled = rejection(turn);
    await s.stop();
    assert.equal((await cancelled).kind, 'interrupted');
    assert.equal(count(s, 'result'), 1, 'the retry never went out');
  });

  it('a CLI that refuses its configuration at start-up rejects the prompt as config and is not restarted', async () => {
    const s = start({ scenario: 'text', fake: { startupStderr: 'Error: Invalid MCP configuration\n', startupExit: 1 } });
    const err = await rejection(s.send('hello'));
    // The process dies before answering: the turn is cut (config error from stderr), no endless restarts.
    assert.equal(err.kind, 'config');
    assert.match(err.message, /Invalid MCP configuration/);
    await waitFor(() => s.info.state !== 'busy' && s.info.state !== 'starting', 'the session to settle');
    assert.equal(s.info.lastError?.kind, 'config');
    assert.equal(h.manager.metrics.restarts, 0);
    assert.equal(h.children.length, 1);
  });

  it('a binary that cannot be started fails the prompt with cliNotFound and marks the session failed', async () => {
    const s = start({ cli: async () => ({ binary: '/nonexistent/claude', source: 'setting', features: featuresFor(parseVersion('2.1.197')!) }) });
    const queued = s.send('second');
    const err = await rejection(s.send('hello'));
    assert.equal(err.kind, 'cliNotFound');
    assert.match(err.message, /\/nonexistent\/claude/);
    assert.equal((await rejection(queued)).kind, 'cliNotFound', 'every waiting prompt is told');
    assert.equal(s.info.state, 'failed');
    assert.equal(s.info.lastError?.kind, 'cliNotFound');
    assert.equal(s.info.lastError?.action?.command, 'workbench.action.openSettings');
  });

  it('a CLI that cannot be found at all fails the prompt with its own error', async () => {
    const s = start({ cli: () => Promise.reject(new CliError('cliNotFound', 'The Claude Code CLI (`claude`) was not found.')) });
    const err = await rejection(s.send('hello'));
    assert.equal(err.kind, 'cliNotFound');
    assert.equal(s.info.state, 'failed');
    assert.equal(h.children.length, 0);
  });
});
