import { strict as assert } from 'node:assert';
import { finishedText, NotificationGate, permissionText } from '../../../src/vscode/notifications/notificationPolicy';

const ctx = { enabled: true, chatVisible: false };

describe('NotificationGate', () => {
  it('shows one notification per session at a time', () => {
    const g = new NotificationGate();
    const t = g.tryOpen('a', 'permission', ctx);
    assert.ok(t !== undefined);
    assert.equal(g.tryOpen('a', 'finished', ctx), undefined);
    assert.ok(g.tryOpen('b', 'finished', ctx) !== undefined, 'other sessions are independent');
    g.closed('a', t);
    assert.ok(g.tryOpen('a', 'finished', ctx) !== undefined);
  });

  it('respects the setting and a visible chat', () => {
    const g = new NotificationGate();
    assert.equal(g.tryOpen('a', 'permission', { enabled: false, chatVisible: false }), undefined);
    assert.equal(g.tryOpen('a', 'permission', { enabled: true, chatVisible: true }), undefined);
  });

  it('frees the slot when what it announced is over, and a late close does not free a newer one', () => {
    const g = new NotificationGate();
    const first = g.tryOpen('a', 'permission', ctx) as number;
    g.release('a', 'finished');
    assert.equal(g.tryOpen('a', 'permission', ctx), undefined, 'a release of another kind keeps it');
    g.release('a', 'permission');
    const second = g.tryOpen('a', 'finished', ctx) as number;
    g.closed('a', first);
    assert.equal(g.tryOpen('a', 'finished', ctx), undefined, 'the old notification closing late does not free the new slot');
    g.closed('a', second);
    assert.ok(g.tryOpen('a', 'finished', ctx) !== undefined);
  });
});

describe('notification texts', () => {
  it('names the session and what the tool wants to do', () => {
    const t = permissionText('Fix the build', { toolName: 'Bash', input: { command: 'npm test' } });
    assert.deepEqual(t, { message: 'Claude needs your permission in "Fix the build": Bash npm test', severity: 'warning' });
  });

  it('keeps untrusted titles from forming links', () => {
    const t = permissionText('[click](command:workbench.action.terminal.new)', { toolName: 'Write', input: { file_path: '/p/[a](b)' } });
    assert.ok(!/\[[^\]]*\]\(/.test(t.message));
  });

  it('announces a finished turn or an error, and stays quiet after an interrupt', () => {
    assert.equal(finishedText('T', { is_error: false, subtype: 'success' })?.message, 'Claude finished in "T".');
    assert.equal(finishedText('T', { is_error: true, subtype: 'success', result: 'API Error: 529 overloaded' })?.severity, 'warning');
    assert.equal(finishedText('T', { is_error: true, subtype: 'error_during_execution', terminal_reason: 'aborted_streaming' }), undefined);
    assert.match(finishedText('T', { is_error: true, subtype: 'error_max_turns', errors: ['Reached maximum number of turns (1)'] })?.message ?? '', /maximum number of turns/);
  });
});
