import { strict as assert } from 'node:assert';
import { Commands } from '../../../src/ids';
import { computeStatus, StatusInput, StatusSession } from '../../../src/vscode/status/computeStatus';
import { CurrentErrors } from '../../../src/vscode/status/currentErrors';
import { info } from './messages';

const base: StatusInput = {
  trusted: true,
  sessions: [],
  cli: { path: '/usr/bin/claude', version: '2.1.197', source: 'PATH' },
  breakers: [],
  pool: { ready: 1, starting: 0, capacity: 1 },
  authSource: 'ANTHROPIC_API_KEY',
};
const session = (patch: Partial<StatusSession> = {}): StatusSession => ({ id: 's1', title: 'Work', state: 'idle', pendingPermissions: 0, ...patch });

describe('computeStatus', () => {
  it('is healthy with nothing running, and opens the health view', () => {
    const v = computeStatus({ ...base, sessions: [session()] });
    assert.equal(v.text, '$(sparkle) Claude');
    assert.equal(v.severity, 'ok');
    assert.deepEqual(v.command, { command: Commands.showHealth, title: 'Show Health' });
  });

  it('counts running sessions (busy and starting)', () => {
    const v = computeStatus({ ...base, sessions: [session({ state: 'busy' }), session({ id: 's2', state: 'starting' }), session({ id: 's3', state: 'queued' })] });
    assert.equal(v.text, '$(sync~spin) Claude: 2 running');
    assert.equal(v.severity, 'working');
    assert.match(v.tooltipMarkdown, /3 · 2 running · 1 waiting for a slot/);
  });

  it('needs attention when a permission request waits, and the click goes to that session', () => {
    const v = computeStatus({ ...base, sessions: [session({ state: 'busy' }), session({ id: 's2', state: 'busy', pendingPermissions: 1 })] });
    assert.equal(v.text, '$(bell) Claude: permission needed');
    assert.equal(v.severity, 'attention');
    assert.deepEqual(v.command.arguments, ['s2']);
  });

  it('is degraded when the CLI is missing, ahead of everything but trust', () => {
    const v = computeStatus({ ...base, cli: { error: { kind: 'cliNotFound', message: 'The Claude Code CLI (`claude`) was not found.' } }, sessions: [session({ pendingPermissions: 1 })] });
    assert.equal(v.text, '$(warning) Claude: CLI not found');
    assert.equal(v.severity, 'degraded');
    assert.match(v.tooltipMarkdown, /\$\(error\) The Claude Code CLI \\\(\\`claude\\`\\\) was not found\\\./);
  });

  it('is degraded when signed out, and offers Set Credentials in the tooltip', () => {
    const v = computeStatus({ ...base, sessions: [session({ currentError: { kind: 'auth', message: 'Invalid API key', at: 5 } })] });
    assert.equal(v.text, '$(warning) Claude: signed out');
    assert.match(v.tooltipMarkdown, /\[Set Credentials…\]\(command:aicode\.setCredentials\)/);
    assert.ok(v.tooltipCommands.includes(Commands.setCredentials));
  });

  it('is degraded when a breaker is open; half-open only shows in the tooltip', () => {
    const open = computeStatus({ ...base, breakers: [{ folder: '/p', state: 'open', lastError: 'overloaded' }] });
    assert.equal(open.text, '$(warning) Claude: paused after failures');
    const half = computeStatus({ ...base, breakers: [{ folder: '/p', state: 'halfOpen' }] });
    assert.equal(half.severity, 'ok');
    assert.match(half.tooltipMarkdown, /half-open/);
  });

  it('says untrusted first, with the command to manage trust', () => {
    const v = computeStatus({ ...base, trusted: false, cli: { error: { kind: 'untrusted', message: 'x' } }, sessions: [session({ state: 'busy' })] });
    assert.equal(v.text, '$(workspace-untrusted) Untrusted — Claude disabled');
    assert.equal(v.command.command, 'workbench.trust.manage');
    assert.ok(!/\$\(error\)/.test(v.tooltipMarkdown), 'the untrusted refusal is not shown as a CLI error');
  });

  it('shows CLI path, version, auth source, pool and the latest error in the tooltip', () => {
    const v = computeStatus({ ...base, pool: { ready: 1, starting: 1, capacity: 2 }, sessions: [session({ currentError: { kind: 'crashed', message: 'old', at: 1 } }), session({ id: 's2', title: 'Other', currentError: { kind: 'network', message: 'ECONNRESET', at: 9 } })] });
    assert.match(v.tooltipMarkdown, /- CLI: `\/usr\/bin\/claude` 2\\\.1\\\.197 \(PATH\)/);
    assert.match(v.tooltipMarkdown, /- Auth: ANTHROPIC\\_API\\_KEY/);
    assert.match(v.tooltipMarkdown, /- Warm pool: 1\/2 ready, 1 starting/);
    assert.match(v.tooltipMarkdown, /Last error in "Other" \(network\): ECONNRESET/);
  });

  it('escapes untrusted titles and messages and allows only its own command links', () => {
    const v = computeStatus({ ...base, sessions: [session({ title: '[x](command:workbench.action.terminal.new)', currentError: { kind: 'crashed', message: '<img src=x>', at: 1 } })] });
    assert.ok(!v.tooltipMarkdown.includes('[x](command:workbench'));
    assert.ok(!/[^\\]<img/.test(v.tooltipMarkdown), 'the < is escaped');
    assert.ok(!v.tooltipCommands.includes('workbench.action.terminal.new'));
  });

  it('labels the demo mode', () => {
    assert.equal(computeStatus({ ...base, demo: true }).text, '$(sparkle) Claude (demo)');
  });
});

describe('CurrentErrors', () => {
  it('keeps an error current until a later turn finishes without one', () => {
    const c = new CurrentErrors();
    c.observe(info({ turns: 0 }));
    const failed = info({ turns: 1, lastError: { kind: 'auth', message: 'bad key', at: 10 } });
    c.observe(failed);
    assert.equal(c.current(failed)?.kind, 'auth');
    const busy = { ...failed, state: 'busy' as const };
    c.observe(busy);
    assert.equal(c.current(busy)?.kind, 'auth', 'still current while the next turn runs');
    const ok = { ...failed, turns: 2 };
    c.observe(ok);
    assert.equal(c.current(ok), undefined);
  });

  it('treats a restored session’s old error as history unless it failed', () => {
    const c = new CurrentErrors();
    assert.equal(c.current(info({ state: 'stopped', lastError: { kind: 'crashed', message: 'x', at: 1 } })), undefined);
    assert.equal(c.current(info({ id: 's2', state: 'failed', lastError: { kind: 'cliNotFound', message: 'x', at: 1 } }))?.kind, 'cliNotFound');
  });
});
