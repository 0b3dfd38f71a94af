// CliProcess runs for real against the fake CLI (test/fixtures/fakeCli): real spawn, pipes, signals and /proc.
import { strict as assert } from 'node:assert';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userMessageLine } from '../../../../src/core/control/stdinWriter';
import { buildChildEnv } from '../../../../src/core/process/childEnv';
import { CliProcess, CliProcessOptions, ExitInfo, StreamProblem } from '../../../../src/core/process/cliProcess';
import { StateChange } from '../../../../src/core/process/processState';
import { LinuxProcessTree } from '../../../../src/core/process/processTree';
import { CliMessage } from '../../../../src/core/stream/cliMessages';
import { nextEvent } from '../../../../src/core/util/emitter';
import { MemoryLogger } from '../../../../src/core/util/logger';
import { fakeCliLaunch, FakeCliOptions, FakeCliScenario } from '../../../fixtures/fakeCli';
import { delay, isAlive, waitFor } from '../testUtil';

type Json = Record<string, unknown>;

interface Started {
  proc: CliProcess;
  marker: string;
  messages: CliMessage[];
  states: string[];
  problems: StreamProblem[];
  logger: MemoryLogger;
  child: () => ChildProcess;
}

const FAST_STOP = { graceMs: 300, termMs: 400, killMs: 1500 };

describe('CliProcess (against the fake CLI)', function () {
  this.timeout(15_000);
  let dir: string;
  const started: Started[] = [];

  before(() => (dir = mkdtempSync(join(tmpdir(), 'aicode-cliprocess-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  afterEach(async () => {
    // Whatever a test did, nothing it started may outlive it.
    const tree = new LinuxProcessTree();
    for (const s of started.splice(0)) {
      await s.proc.stop('test cleanup');
      const left = await tree.find(s.marker);
      if (left.length) {
        tree.signal(left, 'SIGKILL');
        assert.fail(`processes of ${s.marker} survived stop(): ${left.join(', ')}`);
      }
    }
  });

  function start(scenario: FakeCliScenario, fake: FakeCliOptions = {}, overrides: Partial<CliProcessOptions> = {}): Started {
    const launch = fakeCliLaunch(scenario, fake);
    const marker = `unit-${randomUUID()}`;
    const logger = new MemoryLogger();
    let child: ChildProcess | undefined;
    const proc = new CliProcess({
      binary: launch.binary,
      args: launch.args,
      cwd: dir,
      env: buildChildEnv({ base: { PATH: process.env.PATH }, extra: launch.env, marker }),
      marker,
      maxLineBytes: 1 << 20,
      stallMs: 60_000,
      logger,
      stopTimings: FAST_STOP,
      spawner: (cmd, args, options) => (child = spawn(cmd, args, options)),
      ...overrides,
    });
    const s: Started = { proc, marker, messages: [], states: [], problems: [], logger, child: () => child! };
    proc.router.onAny((m) => void s.messages.push(m));
    proc.onStateChange((c: StateChange) => s.states.push(c.to));
    proc.onStreamProblem((p) => s.problems.push(p));
    started.push(s);
    return s;
  }

  const untilState = (s: Started, state: string, ms = 5000) => waitFor(() => s.proc.state === state, `state ${state} (now ${s.proc.state})`, ms);
  const results = (s: Started) => s.messages.filter((m) => m.type === 'result');

  it('initialize → ready, with the CLI answer', async () => {
    const s = start('text');
    assert.equal(s.proc.state, 'starting');
    const response = await s.proc.initialize(5000);
    assert.equal(response.fake, true);
    assert.equal(response.pid, s.proc.pid);
    assert.equal(s.proc.state, 'ready');
    assert.deepEqual(s.states, ['ready']);
  });

  it('send → busy → result → idle, twice', async () => {
    const s = start('text', { text: 'hi there' });
    await s.proc.initialize(5000);
    await s.proc.send('first');
    assert.equal(s.proc.state, 'busy');
    await untilState(s, 'idle');
    assert.deepEqual(s.messages.map((m) => m.type), ['control_response', 'system', 'assistant', 'result']);
    await s.proc.send('second');
    await waitFor(() => results(s).length === 2, 'second result');
    await untilState(s, 'idle');
    assert.deepEqual(s.states, ['ready', 'busy', 'idle', 'busy', 'idle']);
    assert.equal(s.proc.turns, 2);
    const r = results(s)[1];
    assert.ok(r.type === 'result' && r.result === 'hi there' && !r.is_error);
  });

  it('writes the user line the CLI expects (text, images, uuid)', async () => {
    const s = start('echo');
    const images = [{ mediaType: 'image/png' as const, base64: 'iVBORw0KGgo=' }];
    await s.proc.send('what is this? 한국어 🎉', images, 'u-123');
    await untilState(s, 'idle');
    const echo = s.messages.find((m) => m.type === 'system' && m.subtype === 'fake_echo') as Json | undefined;
    assert.deepEqual(echo?.received, userMessageLine('what is this? 한국어 🎉', images, 'u-123'));
  });

  it('reports a malformed line and a broken known shape, and the stream goes on', async () => {
    const s = start('malformed');
    await s.proc.send('go');
    await untilState(s, 'idle');
    assert.deepEqual(s.problems.map((p) => p.kind), ['malformedLine', 'malformedLine']);
    assert.ok(s.problems[0].kind === 'malformedLine' && /not JSON/.test(s.problems[0].detail) && s.problems[0].sample === 'this is not json {');
    assert.ok(s.problems[1].kind === 'malformedLine' && /invalid result line: is_error/.test(s.problems[1].detail));
    assert.deepEqual(s.messages.map((m) => m.type), ['system', 'assistant', 'result'], 'the broken result is not delivered');
    assert.equal(s.proc.turns, 1);
    assert.ok(s.logger.lines.some((l) => l.level === 'warn' && l.message.includes('Malformed line')));
  });

  it('reports an oversized line once and still delivers the lines after it', async () => {
    const s = start('longLine', { longBytes: 300_000 }, { maxLineBytes: 100_000 });
    await s.proc.send('go');
    await untilState(s, 'idle');
    assert.equal(s.problems.length, 1);
    const p = s.problems[0];
    assert.ok(p.kind === 'lineTooLong' && p.limit === 100_000 && p.bytesSeen > 100_000, JSON.stringify(p));
    assert.deepEqual(s.messages.map((m) => m.type), ['system', 'assistant', 'result']);
  });

  it('a crash with an exit code → failed, with the code and the stderr tail; outstanding requests fail at once', async () => {
    const s = start('crash', { exitCode: 3, stderr: 'fatal: the fake fell over\n' });
    await s.proc.send('go');
    const pending = s.proc.control.request('fake_no_answer', {}, 30_000); // the fake never answers this one
    const exit = await s.proc.whenExited;
    assert.deepEqual({ ...exit, stderrTail: undefined }, { code: 3, signal: null, expected: false, stderrTail: undefined });
    assert.match(exit.stderrTail, /fatal: the fake fell over/);
    assert.equal(s.proc.state, 'failed');
    assert.deepEqual(s.states, ['busy', 'failed']);
    await assert.rejects(pending, /ended before answering fake_no_answer/);
    await assert.rejects(s.proc.send('again'), /Cannot send: the Claude process is failed/);
  });

  it('a crash by signal → failed with the signal', async () => {
    const s = start('crash', { exitSignal: 'SIGKILL' });
    await s.proc.send('go');
    const exit = await s.proc.whenExited;
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(exit.code, null);
    assert.equal(s.proc.state, 'failed');
  });

  it('keeps the last stderr lines of a CLI that fails at startup (e.g. invalid --mcp-config), every time', async () => {
    // The message is written just before the exit: it must not lose the race with the exit event.
    for (let i = 0; i < 8; i++) {
      const s = start('text', { startupStderr: 'Error: Invalid MCP configuration:\nMCP config file not found: {not json\n', startupExit: 1 });
      const exit = await s.proc.whenExited;
      assert.equal(exit.code, 1);
      assert.match(exit.stderrTail, /Invalid MCP configuration/, `run ${i}: stderr tail was ${JSON.stringify(exit.stderrTail)}`);
      assert.equal(s.proc.state, 'failed');
    }
  });

  it('delivers every line printed before the exit (the final result is not lost to the exit event)', async () => {
    for (let i = 0; i < 8; i++) {
      const s = start('crash', { exitCode: 0, crashDelayMs: 0 });
      await s.proc.send('go');
      await s.proc.whenExited;
      assert.ok(s.messages.some((m) => m.type === 'assistant'), `run ${i}: the assistant line printed before the exit was lost`);
    }
  });

  it('a CLI that prints a burst, its result, and exits 0 by itself ends as exited, with every line delivered first', async () => {
    // The exit event can come before stdout is drained: deciding the outcome then marks a clean exit as failed.
    for (let i = 0; i < 3; i++) {
      const s = start('flood', { floodLines: 3000 });
      let resultsAtExit = -1;
      s.proc.onExit(() => (resultsAtExit = results(s).length));
      await s.proc.send('go');
      s.proc.control.request('end_session').catch(() => undefined); // the CLI answers, then exits 0
      const exit = await s.proc.whenExited;
      assert.deepEqual({ code: exit.code, signal: exit.signal, expected: exit.expected }, { code: 0, signal: null, expected: false });
      assert.equal(resultsAtExit, 1, `run ${i}: the result had not been delivered when the exit was reported`);
      assert.equal(s.proc.state, 'exited', `run ${i}`);
    }
  });

  it('stop() when idle: ends stdin and the CLI exits by itself, expected, without signals', async () => {
    const s = start('text');
    await s.proc.send('go');
    await untilState(s, 'idle');
    const t0 = Date.now();
    const exit = await s.proc.stop();
    assert.deepEqual(exit, { code: 0, signal: null, expected: true, stderrTail: '' });
    assert.ok(Date.now() - t0 < FAST_STOP.graceMs, `took ${Date.now() - t0} ms`);
    assert.equal(s.proc.state, 'exited');
    assert.deepEqual(s.states.slice(-2), ['stopping', 'exited']);
    assert.equal(s.proc.stop(), s.proc.stop(), 'safe to call twice');
  });

  it('stop() mid-turn interrupts the turn first, so the CLI exits by itself without waiting out the grace period', async () => {
    const s = start('stall'); // a turn that runs on after EOF, like a streamed reply
    await s.proc.send('go');
    await waitFor(() => s.messages.some((m) => m.type === 'assistant'), 'first output');
    const t0 = Date.now();
    const exit = await s.proc.stop();
    assert.equal(exit.signal, null, `signalled after ${Date.now() - t0} ms`);
    assert.ok(Date.now() - t0 < FAST_STOP.graceMs, `took ${Date.now() - t0} ms`);
    assert.ok(results(s).some((m) => m.type === 'result' && m.subtype === 'error_during_execution'));
  });

  it('stop() escalates to SIGKILL, within the bounded timings, when the CLI ignores EOF and SIGTERM', async () => {
    const s = start('text', { ignoreEof: true, ignoreSigterm: true });
    await s.proc.initialize(5000);
    const t0 = Date.now();
    const exit = await s.proc.stop();
    const took = Date.now() - t0;
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(exit.expected, true);
    assert.match(exit.stderrTail, /ignoring SIGTERM/, 'SIGTERM came first');
    assert.ok(took >= FAST_STOP.graceMs + FAST_STOP.termMs - 50, `escalated too early: ${took} ms`);
    assert.ok(took < FAST_STOP.graceMs + FAST_STOP.termMs + 1000, `took ${took} ms`);
    assert.equal(s.proc.state, 'exited');
  });

  it('stop() kills the detached grandchild (own process group) even though the CLI exits by itself', async () => {
    const s = start('grandchild');
    await s.proc.send('run a tool');
    await waitFor(() => s.messages.some((m) => m.type === 'assistant'), 'tool_use');
    const gc = s.messages.find((m) => m.type === 'system' && m.subtype === 'fake_grandchild') as Json;
    const pid = gc.pid as number;
    assert.ok(isAlive(pid));
    await s.proc.stop();
    await waitFor(() => !isAlive(pid), `grandchild ${pid} gone`, 3000);
    assert.deepEqual(await new LinuxProcessTree().find(s.marker), []);
  });

  it('stop() kills the grandchild and the CLI when the CLI ignores EOF and SIGTERM', async () => {
    const s = start('grandchild', { ignoreEof: true, ignoreSigterm: true });
    await s.proc.send('run a tool');
    await waitFor(() => s.messages.some((m) => m.type === 'system' && m.subtype === 'fake_grandchild'), 'grandchild');
    const pid = (s.messages.find((m) => m.type === 'system' && m.subtype === 'fake_grandchild') as Json).pid as number;
    const exit = await s.proc.stop();
    assert.equal(exit.signal, 'SIGKILL');
    await waitFor(() => !isAlive(pid), `grandchild ${pid} gone`, 3000);
  });

  it('an unexpected crash → the sweep kills the orphaned grandchild', async () => {
    const s = start('grandchild', { then: 'crash', exitCode: 3 });
    await s.proc.send('run a tool');
    const exit = await s.proc.whenExited;
    assert.equal(exit.expected, false);
    assert.equal(s.proc.state, 'failed');
    const gc = s.messages.find((m) => m.type === 'system' && m.subtype === 'fake_grandchild') as Json | undefined;
    assert.ok(gc, 'the grandchild line arrived before the crash');
    const pid = gc.pid as number;
    // No stop() here: the sweep in CliProcess must do it by itself.
    await waitFor(() => !isAlive(pid), `orphaned grandchild ${pid} killed by the sweep`, 3000);
  });

  it('pauses stdout while the router is backed up, and resumes after draining', async () => {
    const s = start('flood', { floodLines: 8000 });
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let delivered = 0;
    s.proc.router.on('stream_event', async () => {
      if (delivered++ === 0) await gate;
    });
    await s.proc.send('flood');
    await waitFor(() => s.proc.router.backlog >= 2000, 'backlog at the high-water mark');
    assert.equal(s.child().stdout?.isPaused(), true, 'stdout paused');
    await delay(300);
    const backlog = s.proc.router.backlog;
    assert.ok(backlog < 8000 - 2000, `the fake kept writing while we were paused (backlog ${backlog})`);
    assert.equal(results(s).length, 0);
    open();
    await untilState(s, 'idle', 10_000);
    assert.equal(delivered, 8000);
    assert.equal(s.child().stdout?.isPaused(), false, 'stdout resumed');
  });

  it('interrupt() ends a turn the CLI is stuck in', async () => {
    const s = start('stall');
    await s.proc.send('go');
    await waitFor(() => s.messages.some((m) => m.type === 'assistant'), 'first output');
    await s.proc.interrupt(2000);
    await untilState(s, 'idle');
    const r = results(s)[0];
    assert.ok(r.type === 'result' && r.subtype === 'error_during_execution' && r.is_error);
  });

  it('reports a stall of a busy, silent CLI, but not while a tool runs or a permission waits', async () => {
    const stalled = start('stall', {}, { stallMs: 300 });
    const tool = start('grandchild', {}, { stallMs: 300 });
    const perm = start('permission', {}, { stallMs: 300 });
    perm.proc.control.setDecider(() => new Promise(() => undefined)); // the person is thinking
    const stalls: string[] = [];
    for (const [name, s] of [['stall', stalled], ['tool', tool], ['permission', perm]] as const) {
      // Startup silence is not what this test is about (it can exceed 300 ms on a loaded machine): count from the first output on.
      s.proc.onStall(() => s.messages.some((m) => m.type === 'assistant') && stalls.push(name));
    }
    await Promise.all([stalled.proc.send('go'), tool.proc.send('go'), perm.proc.send('go')]);
    for (const s of [stalled, tool, perm]) await waitFor(() => s.messages.some((m) => m.type === 'assistant'), 'first output');
    await waitFor(() => perm.proc.control.pendingPermissions.length === 1, 'permission pending');
    await delay(1200);
    assert.deepEqual(stalls, ['stall']);
  });

  it('asks the decider and sends its answer (allow carries the original input)', async () => {
    const s = start('permission');
    const asked: string[] = [];
    s.proc.control.setDecider(async (req) => {
      asked.push(`${req.toolName}:${String(req.input.command)}`);
      return { behavior: 'allow' };
    });
    await s.proc.send('go');
    await untilState(s, 'idle');
    assert.deepEqual(asked, ["Bash:python3 -c 'print(42)'"]);
    const echo = s.messages.find((m) => m.type === 'user') as Json;
    assert.deepEqual(echo.tool_use_result, { behavior: 'allow', updatedInput: { command: "python3 -c 'print(42)'", description: 'Print 42' } });
  });

  it('a withdrawn permission request (control_cancel_request) gets no answer', async () => {
    const s = start('permission', { cancelAfterMs: 100 });
    let aborted = false;
    s.proc.control.setDecider(
      (_req, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ behavior: 'allow' }); // a late answer: must not be sent
          });
        }),
    );
    await s.proc.send('go');
    await untilState(s, 'idle');
    assert.equal(aborted, true);
    const report = s.messages.find((m) => m.type === 'system' && m.subtype === 'fake_after_cancel') as Json;
    assert.deepEqual(report.answers, []);
  });

  it('whenSpawned() resolves once the OS started the process', async () => {
    const s = start('text');
    await s.proc.whenSpawned();
    assert.ok(s.proc.pid && isAlive(s.proc.pid));
  });

  it('spawn() itself throws E2BIG for an argument over the OS limit (why buildLaunchArgs refuses one)', () => {
    assert.throws(() => start('text', {}, { args: [`--system-prompt=${'x'.repeat(140 * 1024)}`] }), (e: unknown) => (e as NodeJS.ErrnoException).code === 'E2BIG');
    started.pop();
  });

  it('a missing binary → failedToSpawn ENOENT and state failed', async () => {
    const s = start('text', {}, { binary: join(dir, 'no-such-claude'), args: [] });
    await assert.rejects(s.proc.whenSpawned(), (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT');
    const exit: ExitInfo = await s.proc.whenExited;
    assert.equal(s.proc.failedToSpawn?.code, 'ENOENT');
    assert.equal(s.proc.state, 'failed');
    assert.deepEqual({ code: exit.code, signal: exit.signal, expected: exit.expected }, { code: null, signal: null, expected: false });
    await assert.rejects(s.proc.initialize(1000), /ended before answering initialize|process has ended/);
    await assert.rejects(s.proc.send('x'), /Cannot send/);
  });

  it('a file that is not executable → failedToSpawn EACCES', async () => {
    const file = join(dir, 'not-executable-claude');
    writeFileSync(file, '#!/bin/sh\necho hi\n');
    chmodSync(file, 0o644);
    const s = start('text', {}, { binary: file, args: [] });
    await s.proc.whenExited;
    assert.equal(s.proc.failedToSpawn?.code, 'EACCES');
    assert.equal(s.proc.state, 'failed');
  });

  it('reports its RSS while alive, and nothing after the exit', async () => {
    const s = start('text');
    await s.proc.initialize(5000);
    const rss = await s.proc.rss();
    assert.ok(rss !== undefined && rss > 1_000_000, String(rss));
    await s.proc.stop();
    assert.equal(await s.proc.rss(), undefined);
  });

  it('setModel and setPermissionMode send their control requests', async () => {
    const s = start('text');
    await s.proc.setModel('claude-sonnet-4-5');
    await s.proc.setModel(undefined);
    await s.proc.setPermissionMode('acceptEdits');
    await assert.rejects(s.proc.control.request('no_such_subtype', {}, 2000), /Unsupported control request subtype: no_such_subtype/);
  });

  it('dispose() stops the process', async () => {
    const s = start('text');
    await s.proc.initialize(5000);
    s.proc.dispose();
    const exit = await nextEvent(s.proc.onExit, () => true, 5000).catch(() => s.proc.exitInfo);
    assert.equal(exit?.expected, true);
  });
});
