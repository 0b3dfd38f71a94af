// Tool use through can_use_tool, permission modes, and stopping a CLI whose Bash tool is running (real CLI, fake API).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bash, lastToolResults, text, toolUse } from '../../fixtures/fakeApi';
import { useFakeApiSandbox } from '../harness';
import { CliTracker, processesNamed, toolResults, until } from './coreFixture';

const PYTHON = "python3 -c 'print(42)'";

describe('core process layer with the real CLI: tools and permissions', function () {
  this.timeout(30_000);
  const t = useFakeApiSandbox();
  const clis = new CliTracker();
  afterEach(() => clis.stopAll());

  it('Bash needing approval: can_use_tool goes to the decider; allow runs it with the original input', async () => {
    t.api.enqueue(bash(PYTHON, { text: 'Running it.', id: 'toolu_py' }), text('All done.'));
    const cli = await clis.start(t.sandbox, { decide: () => ({ behavior: 'allow' }) });
    await cli.proc.send('print 42');
    const result = await cli.result();
    assert.equal(result.is_error, false);
    assert.equal(cli.asked.length, 1);
    assert.equal(cli.asked[0].toolName, 'Bash');
    assert.equal(cli.asked[0].toolUseId, 'toolu_py');
    assert.equal(cli.asked[0].input.command, PYTHON);
    assert.deepEqual(toolResults(cli.messages), [{ id: 'toolu_py', content: '42', isError: false }]);
    assert.deepEqual(lastToolResults(t.api.requests[1].body).map((r) => [r.text, r.isError]), [['42', false]]);
    assert.deepEqual(result.permission_denials, []);
  });

  it('allow with a modified input runs the modified command', async () => {
    t.api.enqueue(bash(PYTHON, { id: 'toolu_py' }), text('All done.'));
    const cli = await clis.start(t.sandbox, { decide: (req) => ({ behavior: 'allow', updatedInput: { ...req.input, command: "python3 -c 'print(43)'" } }) });
    await cli.proc.send('print 42');
    await cli.result();
    assert.deepEqual(toolResults(cli.messages).map((r) => r.content), ['43']);
  });

  it('Write allowed: the file exists', async () => {
    const file = join(t.sandbox.cwd, 'allowed.txt');
    t.api.enqueue(toolUse('Write', { file_path: file, content: 'written by the fake\n' }, { id: 'toolu_w' }), text('Wrote it.'));
    const cli = await clis.start(t.sandbox, { decide: () => ({ behavior: 'allow' }) });
    await cli.proc.send('write a file');
    await cli.result();
    assert.deepEqual(cli.asked.map((r) => r.toolName), ['Write']);
    assert.equal(readFileSync(file, 'utf8'), 'written by the fake\n');
    assert.equal(toolResults(cli.messages)[0].isError, false);
  });

  it('Write denied: no file, an error tool_result with our message, and a listed denial', async () => {
    const file = join(t.sandbox.cwd, 'denied.txt');
    t.api.enqueue(toolUse('Write', { file_path: file, content: 'must not exist\n' }, { id: 'toolu_w' }), text('Understood.'));
    const cli = await clis.start(t.sandbox, { decide: () => ({ behavior: 'deny', message: 'User said no to this write' }) });
    await cli.proc.send('write a file');
    const result = await cli.result();
    assert.equal(existsSync(file), false);
    assert.deepEqual(toolResults(cli.messages), [{ id: 'toolu_w', content: 'User said no to this write', isError: true }]);
    assert.deepEqual(lastToolResults(t.api.requests[1].body).map((r) => [r.text, r.isError]), [['User said no to this write', true]]);
    assert.deepEqual(result.permission_denials?.map((d) => d.tool_name), ['Write']);
    assert.equal(result.is_error, false, 'a denial does not fail the turn');
  });

  it('with no decider attached, the request is denied (never left hanging)', async () => {
    const file = join(t.sandbox.cwd, 'nobody.txt');
    t.api.enqueue(toolUse('Write', { file_path: file, content: 'x' }), text('ok'));
    const cli = await clis.start(t.sandbox);
    await cli.proc.send('write a file');
    await cli.result();
    assert.equal(cli.asked.length, 1);
    assert.equal(existsSync(file), false);
    assert.match(toolResults(cli.messages)[0].content, /No one is available to approve/);
  });

  it('set_permission_mode acceptEdits lets a Write run without a can_use_tool request', async () => {
    const file = join(t.sandbox.cwd, 'accept-edits.txt');
    t.api.enqueue(toolUse('Write', { file_path: file, content: 'no prompt needed\n' }), text('Done.'));
    const cli = await clis.start(t.sandbox, { decide: () => ({ behavior: 'deny', message: 'the decider must not be asked' }) });
    await cli.proc.setPermissionMode('acceptEdits');
    await cli.proc.send('write a file');
    await cli.result();
    assert.deepEqual(cli.asked, []);
    assert.equal(readFileSync(file, 'utf8'), 'no prompt needed\n');
    const init = cli.messages.find((m) => m.type === 'system' && m.subtype === 'init');
    assert.equal(init?.type === 'system' && init.permissionMode, 'acceptEdits');
  });

  it('stop() while a Bash `sleep 30` runs leaves no process behind', async () => {
    t.api.enqueue(bash('sleep 30', { id: 'toolu_sleep' }), text('never reached'));
    const cli = await clis.start(t.sandbox, { decide: () => ({ behavior: 'allow' }) });
    await cli.proc.send('sleep');
    await until(async () => (await processesNamed(cli.marker, 'sleep')).length > 0, 'the sleep to run', 15_000);
    const [sleepPid] = await processesNamed(cli.marker, 'sleep');
    const t0 = Date.now();
    const exit = await cli.proc.stop();
    const took = Date.now() - t0;
    assert.equal(exit.expected, true);
    assert.equal(cli.proc.state, 'exited');
    assert.ok(took < 6000, `stop took ${took} ms`);
    assert.deepEqual(await processesNamed(cli.marker, 'sleep'), [], `sleep ${sleepPid} survived`);
    // The root afterEach leak checker (test/integration/hooks.ts) checks the whole sandbox as well.
  });

  it('stop() while a permission request waits: the decider is aborted and the CLI exits cleanly', async () => {
    t.api.enqueue(bash(PYTHON), text('never reached'));
    let aborted = false;
    const cli = await clis.start(t.sandbox, {
      decide: (_req, signal) => {
        signal.addEventListener('abort', () => (aborted = true));
        return new Promise(() => undefined); // the person never answers
      },
      graceMs: 10_000,
    });
    await cli.proc.send('print 42');
    await until(() => cli.proc.control.pendingPermissions.length === 1, 'the permission request');
    const exit = await cli.proc.stop();
    assert.equal(aborted, true);
    assert.equal(exit.signal, null, 'exited by itself, no signal needed');
    assert.equal(cli.proc.state, 'exited');
  });

  it('kill -9 of the CLI while its Bash tool runs: the crash sweep kills the orphaned tool process group', async () => {
    // Protocol notes §7: after SIGKILL of the CLI, bash and sleep survive, reparented to PID 1, in their own group.
    t.api.enqueue(bash('sleep 30', { id: 'toolu_sleep' }), text('never reached'));
    const cli = await clis.start(t.sandbox, { decide: () => ({ behavior: 'allow' }) });
    await cli.proc.send('sleep');
    await until(async () => (await processesNamed(cli.marker, 'sleep')).length > 0, 'the sleep to run', 15_000);
    const [sleepPid] = await processesNamed(cli.marker, 'sleep');
    const sleepPgid = Number(readFileSync(`/proc/${sleepPid}/stat`, 'utf8').split(') ')[1].split(' ')[3]);
    assert.notEqual(sleepPgid, cli.proc.pid, 'the tool runs in a process group of its own');
    process.kill(cli.proc.pid!, 'SIGKILL');
    const exit = await cli.proc.whenExited;
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(cli.proc.state, 'failed');
    await until(async () => (await processesNamed(cli.marker, 'sleep')).length === 0, `the orphaned sleep ${sleepPid} to be swept`, 5000);
  });
});
