import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import * as sinon from 'sinon';
import { ControlChannel, ControlRequestError } from '../../../../src/core/control/controlChannel';
import { noDeciderDecision, PermissionDecision, PermissionRequest } from '../../../../src/core/control/permissions';
import { StdinWriter } from '../../../../src/core/control/stdinWriter';
import { MessageRouter } from '../../../../src/core/stream/messageRouter';
import { parseCliLine } from '../../../../src/core/stream/parseCliMessage';
import { MemoryLogger } from '../../../../src/core/util/logger';
import { delay, loadCaptures, waitFor } from '../testUtil';

type Json = Record<string, unknown>;

/** A ControlChannel over a PassThrough "stdin"; `fromCli` feeds stdout lines through the real parser and router. */
function setup() {
  const stdin = new PassThrough();
  const written: Json[] = [];
  let buf = '';
  stdin.on('data', (c: Buffer) => {
    buf += c.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const p of parts) written.push(JSON.parse(p) as Json);
  });
  const router = new MessageRouter();
  const logger = new MemoryLogger();
  const channel = new ControlChannel(new StdinWriter(stdin), router, logger, () => 1234);
  const fromCli = (obj: Json) => {
    const parsed = parseCliLine(JSON.stringify(obj));
    if (!parsed.ok) throw new Error(parsed.error);
    router.dispatch(parsed.message);
  };
  const nextWritten = async (n = 1) => {
    await waitFor(() => written.length >= n, `${n} line(s) on stdin`, 2000);
    return written[n - 1];
  };
  return { stdin, written, router, logger, channel, fromCli, nextWritten };
}

// A can_use_tool request exactly as the real CLI sent it (capture 08).
const capturedCanUseTool = loadCaptures()
  .flatMap((c) => c.lines)
  .map((l) => JSON.parse(l) as Json)
  .find((m) => m.type === 'control_request' && (m.request as Json).subtype === 'can_use_tool') as Json;
const capturedInput = (capturedCanUseTool.request as Json).input as Json;
const capturedId = capturedCanUseTool.request_id as string;

describe('ControlChannel: our requests', () => {
  it('sends a control_request with a fresh id and the fields, and resolves with the response', async () => {
    const t = setup();
    const p = t.channel.request('set_model', { model: 'claude-sonnet-4-5', subtype: 'must-not-override' });
    const sent = await t.nextWritten();
    assert.equal(sent.type, 'control_request');
    assert.match(String(sent.request_id), /^aicode-[0-9a-f-]{36}$/);
    assert.deepEqual(sent.request, { model: 'claude-sonnet-4-5', subtype: 'set_model' });
    t.fromCli({ type: 'control_response', response: { subtype: 'success', request_id: sent.request_id, response: { mode: 'x' } } });
    assert.deepEqual(await p, { mode: 'x' });
  });

  it('uses a different id for every request and matches responses by id, in any order', async () => {
    const t = setup();
    const a = t.channel.request('mcp_status');
    const b = t.channel.request('get_context_usage');
    const [ra, rb] = [await t.nextWritten(1), await t.nextWritten(2)];
    assert.notEqual(ra.request_id, rb.request_id);
    t.fromCli({ type: 'control_response', response: { subtype: 'success', request_id: rb.request_id, response: { which: 'b' } } });
    t.fromCli({ type: 'control_response', response: { subtype: 'success', request_id: ra.request_id } });
    assert.deepEqual(await b, { which: 'b' });
    assert.deepEqual(await a, {}, 'a success without a response object resolves with {}');
  });

  it('rejects with the CLI error on an error response', async () => {
    const t = setup();
    const p = t.channel.request('set_permission_mode', { mode: 'bypassPermissions' });
    const sent = await t.nextWritten();
    t.fromCli({ type: 'control_response', response: { subtype: 'error', request_id: sent.request_id, error: 'Cannot set permission mode to bypassPermissions' } });
    const err = await p.then(
      () => assert.fail('should reject'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ControlRequestError);
    assert.equal(err.reason, 'rejected');
    assert.equal(err.subtype, 'set_permission_mode');
    assert.equal(err.message, 'Cannot set permission mode to bypassPermissions');
  });

  it('times out, and ignores the late answer', async () => {
    const clock = sinon.useFakeTimers();
    try {
      const t = setup();
      const p = t.channel.request('interrupt', {}, 500);
      const rejected = assert.rejects(p, (e: unknown) => e instanceof ControlRequestError && e.reason === 'timeout' && /within 500 ms/.test(e.message));
      await clock.tickAsync(499);
      let settled = false;
      void p.catch(() => (settled = true));
      await clock.tickAsync(0);
      assert.equal(settled, false, 'not before the timeout');
      await clock.tickAsync(1);
      await rejected;
      const sent = t.written[0];
      t.fromCli({ type: 'control_response', response: { subtype: 'success', request_id: sent.request_id } });
      assert.ok(t.logger.lines.some((l) => l.message.includes('unknown request')));
    } finally {
      clock.restore();
    }
  });

  it('close() rejects everything outstanding at once, clears its timers, and refuses new requests', async () => {
    const clock = sinon.useFakeTimers();
    try {
      const t = setup();
      await clock.tickAsync(0);
      const baseline = clock.countTimers(); // countTimers() also counts queued jobs: compare settled states only
      const a = t.channel.request('initialize');
      const b = t.channel.request('interrupt');
      await clock.tickAsync(0);
      assert.equal(clock.countTimers(), baseline + 2, 'one timeout timer per request');
      t.channel.close();
      t.channel.close();
      for (const p of [a, b]) await assert.rejects(p, (e: unknown) => e instanceof ControlRequestError && e.reason === 'closed');
      await clock.tickAsync(0);
      assert.equal(clock.countTimers(), baseline, 'no timeout timers left behind');
      await assert.rejects(t.channel.request('interrupt'), (e: unknown) => e instanceof ControlRequestError && e.reason === 'closed');
    } finally {
      clock.restore();
    }
  });

  it('rejects as closed when stdin cannot be written', async () => {
    const t = setup();
    t.stdin.destroy();
    await delay(1);
    await assert.rejects(t.channel.request('interrupt', {}, 5000), (e: unknown) => e instanceof ControlRequestError && e.reason === 'closed');
  });
});

describe('ControlChannel: can_use_tool', () => {
  async function decide(decision: PermissionDecision | undefined) {
    const t = setup();
    const requests: PermissionRequest[] = [];
    if (decision) {
      t.channel.setDecider(async (req) => {
        requests.push(req);
        return decision;
      });
    }
    const settled: string[] = [];
    t.channel.onPermissionSettled((s) => settled.push(s.outcome));
    t.fromCli(capturedCanUseTool);
    const sent = await t.nextWritten();
    return { t, sent, requests, settled };
  }

  it('hands the request to the decider with every field mapped', async () => {
    const t = setup();
    let seen: PermissionRequest | undefined;
    const announced: PermissionRequest[] = [];
    t.channel.onPermissionRequest((r) => announced.push(r));
    t.channel.setDecider(async (req) => {
      seen = req;
      assert.deepEqual(t.channel.pendingPermissions, [req], 'pending while the decider runs');
      return { behavior: 'allow' };
    });
    t.fromCli(capturedCanUseTool);
    await t.nextWritten();
    assert.deepEqual(seen, {
      requestId: capturedId,
      toolName: 'Bash',
      displayName: 'Bash',
      input: capturedInput,
      toolUseId: 'toolu_b1',
      description: 'Print 42',
      decisionReason: 'This command requires approval',
      suggestions: (capturedCanUseTool.request as Json).permission_suggestions as unknown[],
      receivedAt: 1234,
    });
    assert.deepEqual(announced, [seen]);
    assert.deepEqual(t.channel.pendingPermissions, []);
  });

  it('an allow always carries updatedInput: the original input when not modified', async () => {
    const { sent, settled } = await decide({ behavior: 'allow' });
    assert.deepEqual(sent, { type: 'control_response', response: { subtype: 'success', request_id: capturedId, response: { behavior: 'allow', updatedInput: capturedInput } } });
    assert.deepEqual(settled, ['allowed']);
  });

  it('an allow with a modified input and permission updates sends them', async () => {
    const updatedInput = { command: "python3 -c 'print(43)'", description: 'Print 43' };
    const updatedPermissions = [{ type: 'setMode', mode: 'acceptEdits', destination: 'session' }];
    const { sent } = await decide({ behavior: 'allow', updatedInput, updatedPermissions });
    assert.deepEqual((sent.response as Json).response, { behavior: 'allow', updatedInput, updatedPermissions });
  });

  it('a deny carries its message (and interrupt when asked)', async () => {
    const a = await decide({ behavior: 'deny', message: 'User said no to this write' });
    assert.deepEqual(a.sent, { type: 'control_response', response: { subtype: 'success', request_id: capturedId, response: { behavior: 'deny', message: 'User said no to this write' } } });
    assert.deepEqual(a.settled, ['denied']);
    const b = await decide({ behavior: 'deny', message: 'Stop everything', interrupt: true });
    assert.deepEqual((b.sent.response as Json).response, { behavior: 'deny', message: 'Stop everything', interrupt: true });
    const c = await decide({ behavior: 'deny', message: '' });
    assert.deepEqual((c.sent.response as Json).response, { behavior: 'deny', message: 'Denied.' }, 'never an empty message');
  });

  it('with no decider attached, denies with an explanation', async () => {
    const { sent, settled } = await decide(undefined);
    assert.deepEqual((sent.response as Json).response, { behavior: 'deny', message: (noDeciderDecision as { message: string }).message });
    assert.deepEqual(settled, ['denied']);
  });

  it('a decider that rejects denies with the reason', async () => {
    const t = setup();
    t.channel.setDecider(async () => {
      throw new Error('UI went away');
    });
    t.fromCli(capturedCanUseTool);
    const sent = await t.nextWritten();
    assert.deepEqual((sent.response as Json).response, { behavior: 'deny', message: 'Permission handler failed: UI went away' });
  });

  it('a decider that throws synchronously still gets the CLI an answer (it never times out on its own)', async () => {
    const t = setup();
    t.channel.setDecider(() => {
      throw new Error('not a promise');
    });
    t.fromCli(capturedCanUseTool);
    const sent = await t.nextWritten();
    assert.deepEqual((sent.response as Json).response, { behavior: 'deny', message: 'Permission handler failed: not a promise' });
    assert.deepEqual(t.channel.pendingPermissions, []);
  });

  it('control_cancel_request aborts the decider signal and nothing is sent, even if the decider answers later', async () => {
    const t = setup();
    let signal: AbortSignal | undefined;
    let answer!: (d: PermissionDecision) => void;
    t.channel.setDecider((_req, s) => {
      signal = s;
      return new Promise((r) => (answer = r));
    });
    const settled: string[] = [];
    t.channel.onPermissionSettled((s) => settled.push(s.outcome));
    t.fromCli(capturedCanUseTool);
    assert.equal(signal?.aborted, false);
    assert.equal(t.channel.pendingPermissions.length, 1);
    t.fromCli({ type: 'control_cancel_request', request_id: capturedId });
    assert.equal(signal?.aborted, true);
    assert.deepEqual(t.channel.pendingPermissions, []);
    assert.deepEqual(settled, ['cancelled']);
    answer({ behavior: 'allow' });
    await delay(20);
    assert.deepEqual(t.written, [], 'a withdrawn request gets no answer');
    t.fromCli({ type: 'control_cancel_request', request_id: 'unknown' }); // harmless
  });

  it('cancelPermissions() (interrupt) and close() withdraw pending requests the same way', async () => {
    for (const how of ['cancelPermissions', 'close'] as const) {
      const t = setup();
      let signal: AbortSignal | undefined;
      let answer!: (d: PermissionDecision) => void;
      t.channel.setDecider((_req, s) => {
        signal = s;
        return new Promise((r) => (answer = r));
      });
      t.fromCli(capturedCanUseTool);
      t.channel[how]();
      assert.equal(signal?.aborted, true, how);
      answer({ behavior: 'deny', message: 'late' });
      await delay(10);
      assert.deepEqual(t.written, [], how);
    }
  });

  it('answers each request by its own id when several are pending', async () => {
    const t = setup();
    const answers = new Map<string, (d: PermissionDecision) => void>();
    t.channel.setDecider((req) => new Promise((r) => answers.set(req.requestId, r)));
    t.fromCli({ ...capturedCanUseTool, request_id: 'r-a' });
    t.fromCli({ ...capturedCanUseTool, request_id: 'r-b' });
    answers.get('r-b')?.({ behavior: 'deny', message: 'no b' });
    answers.get('r-a')?.({ behavior: 'allow' });
    await t.nextWritten(2);
    const byId = new Map(t.written.map((w) => [(w.response as Json).request_id, ((w.response as Json).response as Json).behavior]));
    assert.deepEqual(Object.fromEntries(byId), { 'r-a': 'allow', 'r-b': 'deny' });
  });
});

describe('ControlChannel: other CLI requests', () => {
  it('answers an unsupported CLI control request with an error response naming the subtype', async () => {
    const t = setup();
    t.fromCli({ type: 'control_request', request_id: 'hook-1', request: { subtype: 'hook_callback', callback_id: 'x' } });
    const sent = await t.nextWritten();
    assert.deepEqual(sent, { type: 'control_response', response: { subtype: 'error', error: 'Unsupported control request subtype: hook_callback', request_id: 'hook-1' } });
    assert.ok(t.logger.lines.some((l) => l.level === 'warn' && l.message.includes('hook_callback')));
  });

  it('dispose() detaches from the router', async () => {
    const t = setup();
    t.channel.dispose();
    t.fromCli({ type: 'control_request', request_id: 'x', request: { subtype: 'can_use_tool', tool_name: 'Bash', input: {} } });
    await delay(10);
    assert.deepEqual(t.written, []);
  });
});
