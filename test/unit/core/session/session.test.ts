// Session against the fake CLI: real processes, pipes and control protocol; only the binary is a stand-in.
import { strict as assert } from 'node:assert';
import { PermissionRequest } from '../../../../src/core/control/permissions';
import { CliError } from '../../../../src/core/errors/cliError';
import { isUuid } from '../../../../src/core/process/sessionConfig';
import { titleFrom } from '../../../../src/core/session/promptQueue';
import { Session } from '../../../../src/core/session/session';
import { SessionInfo, TurnResult } from '../../../../src/core/session/sessionTypes';
import { CliMessage } from '../../../../src/core/stream/cliMessages';
import { isAlive, waitFor } from '../testUtil';
import { Harness, HarnessOptions, lastArgv, makeHarness, removeHarnessRoot, shutdownHarnesses } from './harness';

type Json = Record<string, unknown>;

async function rejection(p: Promise<unknown>): Promise<CliError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CliError, `expected a CliError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the promise to reject');
}

const results = (s: Session) => s.messages().filter((m) => m.type === 'result') as (CliMessage & { result?: string })[];
const prompts = (s: Session) => s.messages().filter((m) => (m as Json).aicode_prompt === true);

describe('Session (against the fake CLI)', function () {
  this.timeout(10_000);
  let h: Harness;
  const start = (options: HarnessOptions = {}): Session => {
    h = makeHarness(options);
    return h.manager.create({ folder: h.folder });
  };

  afterEach(() => shutdownHarnesses());
  after(() => removeHarnessRoot());

  describe('turns', () => {
    it('send resolves with the TurnResult of the result line and leaves the session idle', async () => {
      const s = start({ scenario: 'text', fake: { text: 'Hi there' } });
      const states: string[] = [];
      s.onInfoChange((i) => states.push(i.state));
      const r = await s.send('hello');
      assert.equal(r.text, 'Hi there');
      assert.equal(r.isError, false);
      assert.equal(r.subtype, 'success');
      assert.equal(r.costUsd, 0.0001);
      assert.equal(r.inputTokens, 1);
      assert.equal(r.outputTokens, 2);
      assert.equal(r.durationMs, 1);
      // The launcher chose the conversation id (--session-id) and the CLI reported it back.
      assert.ok(isUuid(r.sessionId));
      assert.equal(s.info.cliSessionId, r.sessionId);
      assert.ok(lastArgv(s.messages()).includes(`--session-id=${r.sessionId}`));
      assert.equal(s.info.state, 'idle');
      assert.deepEqual(states.filter((st, i) => st !== states[i - 1]), ['stopped', 'starting', 'idle', 'busy', 'idle']);
      assert.equal(s.info.turns, 1);
      assert.equal(s.info.costUsd, 0.0001);
      assert.equal(s.info.inputTokens, 1);
      assert.equal(s.info.outputTokens, 2);
      assert.ok(s.info.pid && isAlive(s.info.pid));
      // The log has our echo of the prompt, then what the CLI printed.
      assert.deepEqual(s.messages().map((m) => m.type), ['user', 'system', 'assistant', 'result']);
      const second = await s.send('again');
      assert.equal(second.sessionId, r.sessionId);
      assert.equal(s.info.turns, 2);
      assert.equal(s.info.costUsd, 0.0002);
    });

    it('titles the session from its first prompt only', async () => {
      const s = start();
      assert.equal(s.info.title, 'New session');
      await s.send('  Explain   the\tparser \nsecond line');
      assert.equal(s.info.title, 'Explain the parser');
      await s.send('something else');
      assert.equal(s.info.title, 'Explain the parser');
      assert.equal(titleFrom('x'.repeat(100)), `${'x'.repeat(57)}…`);
      assert.equal(titleFrom('   '), 'New session');
      assert.equal(titleFrom('pasted\r\nfrom Windows'), 'pasted');
    });

    it('resendLast sends the last prompt that went out again, as a new turn', async () => {
      const s = start();
      assert.equal(s.resendLast(), undefined, 'nothing to send again before the first prompt');
      await s.send('first');
      await s.send('second');
      const again = await s.resendLast();
      assert.match(again!.text, /second/);
      assert.equal(s.info.turns, 3);
    });

    it('refuses an empty prompt without starting a process', async () => {
      const s = start();
      const err = await rejection(s.send('  \n '));
      assert.equal(err.kind, 'config');
      assert.equal(h.children.length, 0);
    });

    it('queues prompts while busy: visible in info.queue, editable, removable, delivered in order', async () => {
      const s = start();
      const done: string[] = [];
      const track = (p: Promise<TurnResult>) => p.then((r) => (done.push(r.text), r));
      const first = track(s.send('@slow=400 first'));
      await waitFor(() => s.info.state === 'busy', 'the first turn to run');
      const second = s.send('second');
      const third = track(s.send('third'));
      const fourth = track(s.send('fourth'));
      const queue = s.info.queue;
      assert.deepEqual(queue.map((q) => q.text), ['second', 'third', 'fourth']);
      assert.ok(s.editQueued(queue[1].id, 'third, edited'));
      assert.equal(s.editQueued(queue[1].id, '   '), false, 'an edit may not empty a prompt');
      assert.equal(s.editQueued('no-such-id', 'x'), false);
      assert.ok(s.removeQueued(queue[0].id));
      assert.equal(s.removeQueued(queue[0].id), false);
      const removed = await rejection(second);
      assert.equal(removed.kind, 'interrupted');
      assert.deepEqual(s.info.queue.map((q) => q.text), ['third, edited', 'fourth']);
      await Promise.all([first, third, fourth]);
      assert.deepEqual(done, ['echo: first', 'echo: third, edited', 'echo: fourth']);
      // The CLI got exactly those prompts: the removed one never went out.
      assert.deepEqual(results(s).map((m) => m.result), ['echo: first', 'echo: third, edited', 'echo: fourth']);
      assert.deepEqual(s.info.queue, []);
    });

    it('the running prompt is not in the queue and cannot be edited or removed', async () => {
      const s = start();
      const running = s.send('@slow=200 running');
      await waitFor(() => s.info.state === 'busy', 'busy');
      assert.deepEqual(s.info.queue, []);
      const id = (prompts(s)[0] as Json).uuid as string;
      assert.equal(s.removeQueued(id), false);
      assert.equal(s.editQueued(id, 'changed'), false);
      assert.equal((await running).text, 'echo: running');
    });

    it('interrupt ends the running turn as interrupted; the process lives on and answers the next prompt', async () => {
      const s = start();
      const long = s.send('@slow=5000 long');
      await waitFor(() => s.info.state === 'busy', 'busy');
      const pid = s.info.pid;
      await s.interrupt();
      const r = await long;
      assert.equal(r.isError, true);
      assert.equal(r.subtype, 'error_during_execution');
      assert.equal(s.info.state, 'idle');
      assert.equal(s.info.lastError, undefined, 'a user interrupt is not an error to show');
      assert.equal((await s.send('next')).text, 'echo: next');
      assert.equal(s.info.pid, pid);
      assert.equal(h.children.length, 1);
    });

    it('interrupt with no turn running does nothing', async () => {
      const s = start();
      await s.interrupt();
      await s.send('hi');
      await s.interrupt();
      assert.equal(s.info.state, 'idle');
    });

    it('stop rejects the running and the waiting prompts and ends the process', async () => {
      const s = start();
      const running = s.send('@slow=5000 running');
      await waitFor(() => s.info.state === 'busy', 'busy');
      const waiting = s.send('waiting');
      const pid = s.info.pid!;
      const errors = Promise.all([rejection(running), rejection(waiting)]);
      await s.stop();
      const [cut, err] = await errors;
      assert.equal(cut.kind, 'interrupted');
      assert.equal(err.kind, 'interrupted');
      assert.match(err.message, /stopped/);
      assert.equal(s.info.state, 'stopped');
      assert.equal(s.liveProcess, undefined);
      await waitFor(() => !isAlive(pid), 'the CLI process to exit');
    });

    it('park frees the process; the next prompt resumes the same conversation', async () => {
      const s = start();
      const first = await s.send('one');
      const pid = s.info.pid!;
      await s.park();
      assert.equal(s.info.state, 'stopped');
      assert.match(s.info.stateReason ?? '', /Parked/);
      assert.equal(s.liveProcess, undefined);
      assert.ok(!isAlive(pid));
      const second = await s.send('two');
      assert.equal(second.sessionId, first.sessionId);
      assert.ok(lastArgv(s.messages()).includes(`--resume=${first.sessionId}`));
      assert.notEqual(s.info.pid, pid);
    });

    it('rename changes the title and tells listeners', async () => {
      const s = start();
      const seen: SessionInfo[] = [];
      s.onInfoChange((i) => seen.push(i));
      s.rename('My work');
      assert.equal(s.info.title, 'My work');
      assert.equal(seen.at(-1)?.title, 'My work');
      await s.send('first prompt');
      assert.equal(s.info.title, 'My work', 'a named session keeps its name');
    });

    it('setModel and setPermissionMode reach the live process and the info', async () => {
      const s = start();
      await s.setModel('sonnet');
      assert.equal(s.info.model, 'sonnet');
      await s.send('hi');
      await s.setModel('opus');
      await s.setPermissionMode('acceptEdits');
      assert.equal(s.info.permissionMode, 'acceptEdits');
      assert.equal(s.info.model, 'opus');
    });
  });

  describe('restored work', () => {
    it('restoreQueue + resume delivers the restored prompts in order', async () => {
      const s = start();
      s.restoreQueue(['alpha', 'beta']);
      assert.deepEqual(s.info.queue.map((q) => q.text), ['alpha', 'beta']);
      assert.equal(h.children.length, 0, 'restored prompts do not go out by themselves');
      await s.resume();
      await waitFor(() => s.info.turns === 2, 'both restored prompts to run');
      assert.deepEqual(results(s).map((m) => m.result), ['echo: alpha', 'echo: beta']);
      assert.deepEqual(s.info.queue, []);
    });

    it('resume with nothing queued starts the process and leaves it idle', async () => {
      const s = start();
      await s.resume();
      assert.equal(s.info.state, 'idle');
      assert.ok(s.liveProcess);
      assert.equal(s.messages().length, 0);
    });

    it('seedHistory puts a past conversation before the live messages and keeps it', async () => {
      const s = start();
      const past: CliMessage[] = [
        { type: 'user', message: { role: 'user', content: 'earlier question' } } as CliMessage,
        { type: 'assistant', message: { id: 'm0', role: 'assistant', content: [{ type: 'text', text: 'earlier answer' }] } } as unknown as CliMessage,
      ];
      const changes: SessionInfo[] = [];
      s.onInfoChange((i) => changes.push(i));
      s.seedHistory(past);
      assert.equal(changes.length, 1, 'views are told to rebuild');
      assert.deepEqual(s.messages(), past);
      await s.send('now');
      assert.deepEqual(s.messages().slice(0, 2), past);
      assert.deepEqual(s.messages().slice(2).map((m) => m.type), ['user', 'system', 'assistant', 'result']);
    });
  });

  describe('permissions', () => {
    async function askAndAnswer(decision: { behavior: 'allow' } | { behavior: 'deny'; message: string }) {
      const s = start({ scenario: 'permission' });
      const requests: PermissionRequest[] = [];
      const settled: string[] = [];
      s.onPermissionRequest((r) => requests.push(r));
      s.onPermissionSettled((e) => settled.push(e.outcome));
      const turn = s.send('run python');
      await waitFor(() => requests.length === 1, 'the permission request');
      assert.equal(requests[0].toolName, 'Bash');
      assert.deepEqual(requests[0].input, { command: "python3 -c 'print(42)'", description: 'Print 42' });
      assert.equal(s.info.pendingPermissions, 1);
      assert.deepEqual(s.pendingPermissions().map((p) => p.requestId), [requests[0].requestId]);
      s.answerPermission(requests[0].requestId, decision);
      const r = await turn;
      assert.equal(s.info.pendingPermissions, 0);
      // The fake prints what it received as the tool_result (tool_use_result is the raw answer).
      const toolResult = s.messages().find((m) => m.type === 'user' && (m as Json).tool_use_result) as Json;
      return { r, settled, answer: toolResult.tool_use_result as Json };
    }

    it('an allow reaches the CLI with the original input', async () => {
      const { r, settled, answer } = await askAndAnswer({ behavior: 'allow' });
      assert.equal(r.text, 'allowed');
      assert.deepEqual(answer, { behavior: 'allow', updatedInput: { command: "python3 -c 'print(42)'", description: 'Print 42' } });
      assert.deepEqual(settled, ['allowed']);
    });

    it('a deny reaches the CLI with its message', async () => {
      const { r, settled, answer } = await askAndAnswer({ behavior: 'deny', message: 'not now' });
      assert.equal(r.text, 'denied');
      assert.deepEqual(answer, { behavior: 'deny', message: 'not now' });
      assert.deepEqual(settled, ['denied']);
    });

    it('a request the CLI withdraws is settled as cancelled, and a late answer is not sent', async () => {
      const s = start({ scenario: 'permission', fake: { cancelAfterMs: 100 } });
      const settled: { id: string; outcome: string }[] = [];
      s.onPermissionSettled((e) => settled.push({ id: e.request.requestId, outcome: e.outcome }));
      const turn = s.send('run python');
      await waitFor(() => settled.length === 1, 'the cancellation');
      assert.equal(settled[0].outcome, 'cancelled');
      assert.equal(s.info.pendingPermissions, 0);
      s.answerPermission(settled[0].id, { behavior: 'allow' });
      const r = await turn;
      assert.equal(r.text, 'cancelled');
      const report = s.messages().find((m) => m.type === 'system' && m.subtype === 'fake_after_cancel') as Json;
      assert.deepEqual(report.answers, []);
    });

    it('interrupting while a request waits cancels it', async () => {
      const s = start({ scenario: 'permission' });
      const settled: string[] = [];
      s.onPermissionSettled((e) => settled.push(e.outcome));
      const turn = s.send('run python');
      await waitFor(() => s.info.pendingPermissions === 1, 'the permission request');
      await s.interrupt();
      const r = await turn;
      assert.equal(r.subtype, 'error_during_execution');
      assert.deepEqual(settled, ['cancelled']);
      assert.equal(s.info.pendingPermissions, 0);
    });

    it('a request whose process dies is settled as cancelled', async () => {
      const s = start({ scenario: 'permission' });
      const settled: string[] = [];
      s.onPermissionSettled((e) => settled.push(e.outcome));
      const turn = s.send('run python');
      await waitFor(() => s.info.pendingPermissions === 1, 'the permission request');
      process.kill(s.info.pid!, 'SIGKILL');
      assert.equal((await rejection(turn)).kind, 'crashed');
      assert.deepEqual(settled, ['cancelled']);
      assert.equal(s.info.pendingPermissions, 0);
      assert.deepEqual(s.pendingPermissions(), []);
    });
  });

  describe('message log', () => {
    it('keeps stream_events while the turn runs and drops them once it ended', async () => {
      const s = start({ scenario: 'flood', fake: { floodLines: 20 } });
      let streamed = 0;
      let inLogAtResult = -1;
      s.onMessage((m) => {
        if (m.type === 'stream_event') streamed++;
        if (m.type === 'result') inLogAtResult = s.messages().filter((x) => x.type === 'stream_event').length;
      });
      const r = await s.send('flood me');
      assert.equal(r.text, 'flooded');
      assert.equal(streamed, 20);
      assert.equal(inLogAtResult, 20, 'deltas are in the log until the turn ends');
      assert.equal(s.messages().filter((m) => m.type === 'stream_event').length, 0);
      assert.deepEqual(s.messages().map((m) => m.type), ['user', 'system', 'assistant', 'result']);
    });
  });
});
