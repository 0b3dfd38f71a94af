// CliProcess + ControlChannel + launch args + child env against the real claude CLI and the fake API.
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lastUserText, messageText, slow, systemText, text, userTexts, words } from '../../fixtures/fakeApi';
import { useFakeApiSandbox } from '../harness';
import { API_KEY, CliTracker, until } from './coreFixture';

describe('core process layer with the real CLI: turns and control', function () {
  this.timeout(30_000);
  const t = useFakeApiSandbox();
  const clis = new CliTracker();
  afterEach(() => clis.stopAll());

  it('one turn: initialize → ready, prompt → result, stop → exited; the key reaches the API only through the env', async () => {
    t.api.enqueue(text('Hello from fake #1'));
    const cli = await clis.start(t.sandbox);
    const init = await cli.proc.initialize(15_000);
    assert.equal(cli.proc.state, 'ready');
    assert.equal(init.pid, cli.proc.pid, 'the initialize answer names our child');
    await cli.proc.send('Say hi');
    assert.equal(cli.proc.state, 'busy');
    const result = await cli.result();
    assert.equal(result.is_error, false);
    assert.equal(result.result, 'Hello from fake #1');
    await until(() => cli.proc.state === 'idle', 'idle');
    const sysInit = cli.messages.find((m) => m.type === 'system' && m.subtype === 'init');
    assert.ok(sysInit && sysInit.type === 'system' && sysInit.apiKeySource === 'ANTHROPIC_API_KEY' && sysInit.cwd === t.sandbox.cwd);
    const req = t.api.requests[0];
    assert.equal(req.headers['x-api-key'], API_KEY);
    // buildChildEnv's entry point reached the CLI (with claude-vscode it would ignore the key, protocol notes §0).
    assert.equal(req.headers['user-agent'], 'claude-cli/2.1.197 (external, aicode-manager)');
    assert.match(systemText(req.body), /cc_entrypoint=aicode-manager;/);
    assert.equal(lastUserText(req.body), 'Say hi');
    assert.ok(!cli.proc.stderrTail.includes(API_KEY));
    assert.deepEqual(cli.problems, []);
    const exit = await cli.proc.stop();
    assert.deepEqual({ code: exit.code, signal: exit.signal, expected: exit.expected }, { code: 0, signal: null, expected: true });
    assert.equal(cli.proc.state, 'exited');
  });

  it('two turns in one process: the second request carries the first exchange', async () => {
    t.api.enqueue(text('first answer'), text('second answer'));
    const cli = await clis.start(t.sandbox);
    await cli.proc.send('first prompt');
    assert.equal((await cli.result(1)).result, 'first answer');
    await until(() => cli.proc.state === 'idle', 'idle');
    await cli.proc.send('second prompt');
    assert.equal((await cli.result(2)).result, 'second answer');
    assert.equal(cli.proc.turns, 2);
    const body = t.api.requests[1].body;
    assert.deepEqual(userTexts(body), ['first prompt', 'second prompt']);
    const assistantTexts = (body?.messages ?? []).filter((m) => m.role === 'assistant').map((m) => messageText(m));
    assert.deepEqual(assistantTexts, ['first answer']);
  });

  it('partial-message stream events arrive, in order, and add up to the assistant text', async () => {
    const reply = 'Streaming is fun: 안녕 🎉 done.';
    t.api.enqueue(text(reply, { chunkSize: 4 }));
    const cli = await clis.start(t.sandbox);
    await cli.proc.send('stream please');
    await cli.result();
    const events = cli.messages.flatMap((m) => (m.type === 'stream_event' ? [m.event] : []));
    const kinds = events.map((e) => e.type);
    assert.ok(kinds.indexOf('message_start') < kinds.indexOf('content_block_delta'), kinds.join(','));
    assert.ok(kinds.includes('message_stop'));
    const deltas = events.filter((e) => e.type === 'content_block_delta').map((e) => (e.delta as { text?: string }).text ?? '');
    assert.ok(deltas.length >= 5, `${deltas.length} deltas`);
    assert.equal(deltas.join(''), reply);
    const assistant = cli.messages.find((m) => m.type === 'assistant');
    assert.ok(assistant && assistant.type === 'assistant' && assistant.message.content[0].text === reply);
  });

  it('every launch setting reaches the CLI in --flag=value form', async () => {
    const extra = join(t.sandbox.root, 'extra-dir');
    mkdirSync(extra);
    t.api.enqueue(text('configured'));
    const cli = await clis.start(t.sandbox, {
      config: { model: 'claude-sonnet-4-5', appendSystemPrompt: 'APPENDED RULE QQQ', disallowedTools: ['WebFetch'], permissionMode: 'acceptEdits', additionalDirectories: [extra], maxTurns: 5 },
    });
    await cli.proc.send('hi');
    await cli.result();
    const init = cli.messages.find((m) => m.type === 'system' && m.subtype === 'init');
    assert.ok(init && init.type === 'system');
    assert.equal(init.model, 'claude-sonnet-4-5');
    assert.equal(init.permissionMode, 'acceptEdits');
    assert.ok(init.tools?.includes('Bash') && !init.tools.includes('WebFetch'), String(init.tools));
    const req = t.api.requests[0];
    assert.equal(req.body?.model, 'claude-sonnet-4-5');
    const system = systemText(req.body);
    assert.match(system, /APPENDED RULE QQQ/);
    assert.ok(system.includes(extra), 'the --add-dir directory is in the system prompt');
    assert.ok(!(req.body?.tools ?? []).some((tool) => tool.name === 'WebFetch'));
  });

  it('interrupt mid-stream settles in < 2 s with error_during_execution, and the process takes another turn', async () => {
    t.api.enqueue(slow(words(60), 150), text('after the interrupt'));
    const cli = await clis.start(t.sandbox);
    await cli.proc.send('talk slowly');
    await cli.waitFor((m) => m.type === 'stream_event' && m.event.type === 'content_block_delta', 'the first delta');
    const t0 = Date.now();
    await cli.proc.interrupt();
    const interrupted = await cli.result(1, 5000);
    const took = Date.now() - t0;
    assert.ok(took < 2000, `interrupt took ${took} ms`);
    assert.equal(interrupted.subtype, 'error_during_execution');
    assert.equal(interrupted.is_error, true);
    await until(() => cli.proc.state === 'idle', 'idle');
    await cli.proc.send('continue');
    const next = await cli.result(2);
    assert.equal(next.is_error, false);
    assert.equal(next.result, 'after the interrupt');
    assert.equal(cli.proc.pid !== undefined && cli.proc.exitInfo, undefined, 'same process, still alive');
  });

  it('set_model changes the model of the next request', async () => {
    t.api.enqueue(text('one'), text('two'));
    const cli = await clis.start(t.sandbox);
    await cli.proc.send('first');
    await cli.result(1);
    await cli.proc.setModel('claude-sonnet-4-5');
    await cli.proc.send('second');
    await cli.result(2);
    assert.notEqual(t.api.requests[0].body?.model, 'claude-sonnet-4-5');
    assert.equal(t.api.requests[1].body?.model, 'claude-sonnet-4-5');
  });

  it('a control request the CLI does not know is rejected with its message', async () => {
    const cli = await clis.start(t.sandbox);
    await assert.rejects(cli.proc.control.request('no_such_subtype', {}, 15_000), /Unsupported control request subtype: no_such_subtype/);
    assert.equal(cli.proc.state, 'starting', 'a failed control request does not change the state');
  });

  it('stop() during a streamed reply ends the turn and the CLI exits by itself, without waiting out the grace period', async () => {
    t.api.enqueue(slow(words(100), 150));
    const cli = await clis.start(t.sandbox, { graceMs: 10_000 });
    await cli.proc.send('talk slowly');
    await cli.waitFor((m) => m.type === 'stream_event' && m.event.type === 'content_block_delta', 'the first delta');
    const exit = await cli.proc.stop();
    // No signal was sent: the interrupt and the end of stdin were enough (SIGTERM would show as exit 143).
    assert.equal(exit.signal, null, `the CLI had to be killed (${JSON.stringify(exit)})`);
    assert.notEqual(exit.code, 143);
    assert.equal(cli.proc.state, 'exited');
  });

  it('stop() right after spawn, before any input: the CLI exits on EOF without signals', async () => {
    const cli = await clis.start(t.sandbox, { graceMs: 10_000 });
    await cli.proc.whenSpawned();
    const exit = await cli.proc.stop();
    assert.deepEqual({ code: exit.code, signal: exit.signal, expected: exit.expected }, { code: 0, signal: null, expected: true });
    assert.equal(t.api.requests.length, 0);
  });

  it('kill -9 of the CLI mid-stream → failed with SIGKILL, not expected', async () => {
    t.api.enqueue(slow(words(60), 150));
    const cli = await clis.start(t.sandbox);
    await cli.proc.send('talk slowly');
    await cli.waitFor((m) => m.type === 'stream_event' && m.event.type === 'content_block_delta', 'the first delta');
    process.kill(cli.proc.pid!, 'SIGKILL');
    const exit = await cli.proc.whenExited;
    assert.deepEqual({ code: exit.code, signal: exit.signal, expected: exit.expected }, { code: null, signal: 'SIGKILL', expected: false });
    assert.equal(cli.proc.state, 'failed');
    await assert.rejects(cli.proc.send('again'), /Cannot send/);
  });

  it('a CLI that refuses its arguments fails with its stderr message', async () => {
    // An invalid --settings string is read as a file path; the CLI exits 1 before printing anything (protocol notes §8).
    const cli = await clis.start(t.sandbox, { config: { extraArgs: ['--settings={bad json'] } });
    await cli.proc.send('hi').catch(() => undefined);
    const exit = await cli.proc.whenExited;
    assert.equal(exit.code, 1);
    assert.match(exit.stderrTail, /Settings file not found: \{bad json/);
    assert.equal(cli.proc.state, 'failed');
    assert.equal(t.api.requests.length, 0);
  });
});
