import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, InternalCommands } from '../../../src/ids';
import { SessionState } from '../../../src/core/session/sessionTypes';
import { presentPast, presentProcess, presentTodo, presentTool } from '../../../src/vscode/tree/presentChildren';
import { presentSession, sessionContextValue, sessionDescription, stateLooks } from '../../../src/vscode/tree/presentSession';
import { folderList, pendingTotal, rootLayout, sessionsOf } from '../../../src/vscode/tree/treeLayout';
import { escapeMarkdown, PastNode } from '../../../src/vscode/tree/treeNodes';
import { info } from './messages';

const states: SessionState[] = ['queued', 'starting', 'idle', 'busy', 'interrupted', 'stopping', 'stopped', 'failed'];
const now = 10 * 60_000;

describe('session tree: session rows', () => {
  it('uses context values that the package.json menus match', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    const entries = manifest.contributes.menus['view/item/context'];
    const matches = (when: string, viewItem: string): boolean => {
      const eq = /viewItem == ([\w.]+)/.exec(when);
      if (eq) return eq[1] === viewItem;
      const re = /viewItem =~ \/(.+)\//.exec(when);
      return re ? new RegExp(re[1].replace(/\\\\/g, '\\')).test(viewItem) : true;
    };
    const interrupt = entries.find((e) => e.command === Commands.interrupt && e.when?.includes('viewItem'));
    assert.ok(interrupt?.when && matches(interrupt.when, sessionContextValue('busy')));
    assert.ok(!matches(interrupt.when, sessionContextValue('idle')));
    const stop = entries.find((e) => e.command === Commands.stopSession);
    if (stop?.when) for (const st of ['busy', 'idle', 'starting'] as const) assert.ok(matches(stop.when, sessionContextValue(st)), st);
    if (stop?.when) assert.ok(!matches(stop.when, sessionContextValue('stopped')));
    for (const st of states) assert.equal(presentSession(info({ state: st }), now, false).contextValue, `session.${st}`);
  });

  it('gives every state a codicon and a theme colour id where it means something', () => {
    for (const st of states) assert.ok(stateLooks[st].icon, st);
    assert.deepEqual(presentSession(info({ state: 'busy' }), now, true).icon, { id: 'sync~spin', color: 'charts.blue' });
    assert.deepEqual(presentSession(info({ state: 'failed' }), now, true).icon, { id: 'error', color: 'charts.red' });
  });

  it('describes model · cost · relative time', () => {
    const d = sessionDescription(info({ model: 'claude-opus-4-8[1m]', costUsd: 0.1234, lastActiveAt: now - 5 * 60_000 }), now);
    assert.equal(d, 'opus-4-8 · $0.12 · 5m ago');
    assert.equal(sessionDescription(info({ lastActiveAt: now }), now), 'just now');
  });

  it('flags a waiting permission request with a bell, the description and the accessible label', () => {
    const v = presentSession(info({ state: 'busy', pendingPermissions: 2 }), now, true);
    assert.deepEqual(v.icon, { id: 'bell-dot', color: 'charts.yellow' });
    assert.match(v.description ?? '', /^2 permissions needed/);
    assert.match(v.tooltipMarkdown ?? '', /\$\(bell\) \*\*2 permission requests are waiting\*\*/);
    assert.match(v.accessibilityLabel ?? '', /permission needed/);
    assert.equal(v.contextValue, 'session.busy', 'the menus still match');
  });

  it('escapes untrusted titles and errors in the markdown tooltip (no links, no icons, no HTML)', () => {
    const title = '[click](command:evil) $(bell) <img src=x> **b**';
    const v = presentSession(info({ title, lastError: { kind: 'auth', message: 'bad [x](y)', at: 1 } }), now, false);
    const md = v.tooltipMarkdown ?? '';
    assert.ok(!md.includes('[click](command:evil)'));
    assert.ok(!md.includes('$(bell) <img'));
    assert.ok(md.includes(escapeMarkdown(title)));
    assert.ok(md.includes('\\[click\\]\\(command:evil\\)'));
    assert.ok(md.includes('\\<img src=x\\>'));
    assert.equal(v.label, title, 'the label is plain text, shown as is');
    assert.equal(v.collapsible, 'none');
  });

  it('opens the chat on click with the session id', () => {
    const v = presentSession(info({ id: 'abc' }), now, true);
    assert.deepEqual(v.command, { command: Commands.openChat, title: 'Open Chat', arguments: ['abc'] });
    assert.equal(v.id, 'session:abc');
    assert.equal(v.collapsible, 'collapsed');
  });
});

describe('session tree: child rows', () => {
  it('shows to-dos by status, the active form while in progress', () => {
    const v = presentTodo('k', { content: 'Fix it', status: 'in_progress', activeForm: 'Fixing it' });
    assert.equal(v.label, 'Fixing it');
    assert.deepEqual(v.icon, { id: 'arrow-circle-right', color: 'charts.blue' });
    assert.equal(presentTodo('k', { content: 'Done', status: 'completed' }).icon?.color, 'charts.green');
  });

  it('shows a tool waiting for permission with a bell', () => {
    const tool = { id: 't', name: 'Bash', summary: 'rm -rf build', status: 'running' as const, subagent: false };
    assert.equal(presentTool('k', tool, true).icon?.id, 'bell');
    assert.equal(presentTool('k', tool, false).icon?.id, 'loading~spin');
    assert.equal(presentTool('k', { ...tool, subagent: true }, false).label, '↳ Bash');
  });

  it('shows the process with RSS and uptime', () => {
    const v = presentProcess('s', { pid: 42, rssBytes: 160 * 1024 * 1024, uptimeMs: 65_000, state: 'idle' });
    assert.equal(v.label, 'Process 42');
    assert.equal(v.description, '160.0 MB · up 1m 05s · idle');
  });

  it('opens a past session read-only on click and carries what resume needs', () => {
    const node: PastNode = {
      kind: 'past',
      key: 'past:/p/x',
      parentKey: 'past:/p',
      cliSessionId: '0b3c8f7e-1111-2222-3333-444455556666',
      folderPath: '/p',
      folderName: 'p',
      title: 'Old work',
      past: { id: '0b3c8f7e-1111-2222-3333-444455556666', title: 'Old work', modifiedAt: now - 3 * 3_600_000, sizeBytes: 2048, file: '/f' },
    };
    const v = presentPast(node, now);
    assert.equal(v.description, '3h ago · 2.0 KB');
    assert.equal(v.contextValue, 'pastSession');
    assert.deepEqual(v.command, { command: InternalCommands.openPastSession, title: 'Open Transcript', arguments: [{ cliSessionId: node.cliSessionId, folderPath: '/p', title: 'Old work' }] });
  });
});

describe('session tree: layout', () => {
  const a = { name: 'a', fsPath: '/a' };
  const b = { name: 'b', fsPath: '/b' };

  it('is empty (the welcome shows) when untrusted or without sessions', () => {
    assert.deepEqual(rootLayout(false, [a], [{ folder: a }]), { kind: 'empty' });
    assert.deepEqual(rootLayout(true, [a, b], []), { kind: 'empty' });
  });

  it('puts one folder’s sessions at the root, several folders as rows', () => {
    assert.deepEqual(rootLayout(true, [a], [{ folder: a }]), { kind: 'flat', folder: a });
    assert.deepEqual(rootLayout(true, [a, b], [{ folder: a }]), { kind: 'folders', folders: [a, b] });
  });

  it('keeps folders that only a session still names', () => {
    assert.deepEqual(folderList([a], [{ folder: b }, { folder: a }, { folder: b }]), [a, b]);
  });

  it('orders a folder’s sessions newest first and counts pending permissions', () => {
    const s = (id: string, folder: typeof a, createdAt: number) => ({ id, info: { folder, createdAt } });
    assert.deepEqual(sessionsOf(a, [s('1', a, 1), s('2', b, 5), s('3', a, 3)]).map((x) => x.id), ['3', '1']);
    assert.equal(pendingTotal([{ pendingPermissions: 1 }, { pendingPermissions: 0 }, { pendingPermissions: 2 }]), 3);
  });
});
