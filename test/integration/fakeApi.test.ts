/**
 * The fake Anthropic API and the harness, proven against the REAL pinned CLI (spawned directly, no src/core).
 * Expected CLI behaviour comes from /work/shared/claude-cli-protocol.md.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { bash, cut, error, hang, hugeText, lastToolResults, lastUserText, text, toolUse } from '../fixtures/fakeApi';
import { findLeakedProcesses, killProcesses, scanSandboxProcesses, snapshotProcesses, assertNoLeakedProcesses, runClaudeOnce, spawnClaude, STREAM_JSON_ARGS, useFakeApiSandbox, type CliMessage } from './harness';

const streamEvents = (msgs: CliMessage[]): { type: string; delta?: { type: string; text?: string } }[] =>
  msgs.filter((m) => m.type === 'stream_event').map((m) => m.event as { type: string; delta?: { type: string; text?: string } });

describe('fake API driving the real claude CLI', function () {
  this.timeout(30_000);
  const t = useFakeApiSandbox();

  it('a text reply becomes result.result; the CLI pings HEAD / and posts to /v1/messages?beta=true', async () => {
    t.api.enqueue(text('Hello from the scripted fake'));
    const run = await runClaudeOnce(t.sandbox, 'Say hi');
    assert.equal(run.exit.code, 0, run.stderr);
    assert.equal(run.result?.is_error, false);
    assert.equal(run.result?.result, 'Hello from the scripted fake');
    assert.equal(t.api.requests.length, 1);
    const req = t.api.requests[0];
    assert.equal(req.url, '/v1/messages?beta=true');
    assert.equal(req.streaming, true);
    assert.equal(req.headers['x-api-key'], 'sk-test-fake');
    assert.equal(lastUserText(req.body), 'Say hi');
    assert.ok(t.api.allRequests.some((r) => r.method === 'HEAD' && r.path === '/'), 'HEAD / probe');
    const assistant = run.messages.find((m) => m.type === 'assistant') as unknown as { message: { id: string }; request_id: string };
    assert.equal(assistant.message.id, 'msg_fake_1');
    assert.equal(assistant.request_id, 'req_fake_1');
  });

  it('--include-partial-messages shows one text_delta stream_event per streamed chunk', async () => {
    t.api.enqueue(text('abcdefghij', { chunkSize: 3, thinking: 'hmm' }));
    const run = await runClaudeOnce(t.sandbox, 'stream please', ['--include-partial-messages']);
    assert.equal(run.result?.result, 'abcdefghij');
    const deltas = streamEvents(run.messages).filter((e) => e.type === 'content_block_delta');
    assert.deepEqual(deltas.filter((e) => e.delta?.type === 'text_delta').map((e) => e.delta?.text), ['abc', 'def', 'ghi', 'j']);
    assert.ok(deltas.some((e) => e.delta?.type === 'thinking_delta'));
    assert.ok(deltas.some((e) => e.delta?.type === 'signature_delta'));
    assert.deepEqual(streamEvents(run.messages).slice(-2).map((e) => e.type), ['message_delta', 'message_stop']);
  });

  it('a Bash tool_use (echo hi, default mode) runs; the second request carries the tool_result', async () => {
    t.api.enqueue(bash('echo hi', { text: 'Running it.', id: 'toolu_bash_1' }), text('All done.'));
    const run = await runClaudeOnce(t.sandbox, 'do the thing');
    assert.equal(run.result?.result, 'All done.', run.stderr);
    assert.equal(run.result?.num_turns, 2);
    const toolResult = run.messages.find((m) => m.type === 'user') as unknown as { message: { content: { tool_use_id: string; content: string; is_error: boolean }[] } };
    assert.deepEqual(toolResult.message.content[0], { tool_use_id: 'toolu_bash_1', type: 'tool_result', content: 'hi', is_error: false });
    assert.equal(t.api.requests.length, 2);
    assert.deepEqual(lastToolResults(t.api.requests[1].body), [{ toolUseId: 'toolu_bash_1', isError: false, text: 'hi' }]);
    assert.equal(lastUserText(t.api.requests[1].body), '');
  });

  it('529 with CLAUDE_CODE_MAX_RETRIES=0: one request, result is_error with api_error_status 529', async () => {
    t.api.enqueue(error(529));
    const run = await runClaudeOnce(t.sandbox, 'hello');
    assert.equal(run.exit.code, 1);
    assert.equal(run.result?.is_error, true);
    assert.equal(run.result?.api_error_status, 529);
    assert.equal(t.api.requests.length, 1);
  });

  it('429 with retry-after: the CLI waits exactly retry-after, then succeeds', async () => {
    t.api.enqueue(error(429, { retryAfter: 1 }), text('after the rate limit'));
    const run = await runClaudeOnce(t.sandbox, 'hello', [], { env: { CLAUDE_CODE_MAX_RETRIES: '1' } });
    const retry = run.messages.find((m) => m.subtype === 'api_retry');
    assert.equal(retry?.error_status, 429);
    assert.equal(retry?.retry_delay_ms, 1000);
    assert.equal(run.result?.result, 'after the rate limit');
    const [first, second] = t.api.requests;
    assert.ok(second.arrivedAt - first.arrivedAt >= 990, `retry came after ${second.arrivedAt - first.arrivedAt} ms`);
  });

  it('a cut stream: partial deltas are shown, then the non-streaming fallback request gets a JSON message', async () => {
    t.api.enqueue(cut(2, text('one two three four', { chunkSize: 4 })), text('recovered without streaming'));
    const run = await runClaudeOnce(t.sandbox, 'hello', ['--include-partial-messages']);
    assert.equal(run.result?.is_error, false, JSON.stringify(run.result));
    assert.equal(run.result?.result, 'recovered without streaming');
    assert.equal(await t.api.waitForResponseEnd(1), 'cut');
    assert.equal(t.api.requests[0].deltasSent, 2);
    assert.equal(t.api.requests[1].streaming, false);
    const texts = streamEvents(run.messages).filter((e) => e.delta?.type === 'text_delta').map((e) => e.delta?.text);
    assert.deepEqual(texts, ['one ', 'two ']);
  });

  it('a hanging request is aborted by an interrupt control_request; the process stays usable', async () => {
    t.api.enqueue(hang(), text('second turn works'));
    const cli = spawnClaude(t.sandbox, STREAM_JSON_ARGS);
    try {
      cli.sendUser('wait forever');
      await t.api.waitForRequests(1, 10_000);
      cli.send({ type: 'control_request', request_id: 'i1', request: { subtype: 'interrupt' } });
      const ack = await cli.waitFor((m) => m.type === 'control_response');
      assert.deepEqual(ack.response, { subtype: 'success', request_id: 'i1' });
      const result = await cli.waitForResult(1);
      assert.equal(result.subtype, 'error_during_execution');
      assert.equal(result.is_error, true);
      assert.equal(await t.api.waitForResponseEnd(1, 5000), 'client-gone');
      cli.sendUser('again');
      assert.equal((await cli.waitForResult(2)).result, 'second turn works');
      cli.closeStdin();
      assert.deepEqual(await cli.exited, { code: 0, signal: null });
    } finally {
      await cli.kill();
    }
  });

  it('a 2 MB text reply arrives intact in stream-json input mode', async () => {
    // Not in `-p` mode: there the CLI exits before flushing ~1 MB+ of stdout to a pipe and loses lines (seen on 2.1.197).
    t.api.enqueue(hugeText(2_000_000));
    const cli = spawnClaude(t.sandbox, STREAM_JSON_ARGS);
    try {
      cli.sendUser('big');
      const result = await cli.waitForResult(1);
      assert.equal((result.result as string).length, 2_000_000);
      assert.equal(t.api.requests[0].outcome, 'complete');
      cli.closeStdin();
      assert.equal((await cli.exited).code, 0);
    } finally {
      await cli.kill();
    }
  });

  it('a Bash grandchild that survives SIGKILL of the CLI is found by its sandbox marker', async () => {
    t.api.enqueue(toolUse('Bash', { command: 'sleep 27.5 && echo done', description: 'Sleep' }));
    const before = snapshotProcesses();
    const cli = spawnClaude(t.sandbox, STREAM_JSON_ARGS);
    cli.sendUser('sleep');
    const deadline = Date.now() + 10_000;
    while (!scanSandboxProcesses().some((p) => p.cmdline.startsWith('sleep 27.5')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await cli.kill('SIGKILL');
    const leaked = await findLeakedProcesses(before, { timeoutMs: 300 });
    await killProcesses(leaked);
    assert.ok(leaked.some((p) => p.cmdline.startsWith('sleep 27.5') && p.sandboxId === t.sandbox.id), JSON.stringify(leaked));
    assert.ok(leaked.every((p) => p.pid !== cli.pid), 'the CLI itself is gone');
    assert.deepEqual(scanSandboxProcesses(), []);
  });

  it('the leak checker reports a detached sleep with the sandbox marker, names it, and kills it', async () => {
    const before = snapshotProcesses();
    const sleeper = spawn('sleep', ['29'], { detached: true, stdio: 'ignore', env: t.sandbox.env(), cwd: '/' });
    sleeper.unref();
    await assert.rejects(assertNoLeakedProcesses(before, { timeoutMs: 200 }), (err: Error) => {
      assert.match(err.message, new RegExp(`pid ${sleeper.pid}\\b.*sleep 29`));
      return true;
    });
    assert.ok(!scanSandboxProcesses().some((p) => p.pid === sleeper.pid), 'killed');
  });
});
