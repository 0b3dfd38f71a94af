import { strict as assert } from 'node:assert';
import { escapeHtml, renderHealthBody } from '../../../src/vscode/health/healthBody';
import { parseHealthMessage, renderHealthPage } from '../../../src/vscode/health/healthPage';
import { HealthSnapshot, SessionHealth } from '../../../src/vscode/health/healthSnapshot';
import { SessionStatsTracker, ttftSummary, watchSessionStats } from '../../../src/vscode/health/sessionStats';
import { makeHarness, removeHarnessRoot, shutdownHarnesses } from '../core/session/harness';
import { waitFor } from '../core/testUtil';
import { formatBytes, formatCost, formatDuration, relativeTime } from '../../../src/vscode/health/format';
import { info, result, user } from './messages';

const summary = { count: 0 };
const evil = `<img src=x onerror="alert(1)">'&`;

function snapshot(patch: Partial<HealthSnapshot> = {}, session: Partial<SessionHealth> = {}): HealthSnapshot {
  return {
    takenAt: '2026-01-01T10:00:00.000Z',
    cli: { path: '/usr/bin/claude', version: '2.1.197', source: 'PATH' },
    authSource: 'ANTHROPIC_API_KEY',
    trusted: true,
    sessions: [
      { id: 's1', title: 'Work', folder: 'proj', state: 'busy', pid: 4242, processState: 'busy', rssBytes: 150 * 1024 * 1024, uptimeMs: 65_000, turns: 3, tokensIn: 1200, tokensOut: 300, costUsd: 0.05, pendingPermissions: 1, ttftMs: { count: 2, p50: 800, p95: 1500 }, restarts: 1, lastStartMs: 20, errorsByKind: { crashed: 1 }, ...session },
    ],
    pool: { ready: 1, starting: 0, capacity: 1, hits: 2, misses: 1, rssBytes: [160 * 1024 * 1024] },
    breakers: [{ folder: '/home/dev/proj', state: 'open', lastError: 'overloaded' }],
    metrics: { spawnMs: { count: 1, p50: 520, p95: 520 }, warmTakeMs: summary, timeToFirstTokenMs: { count: 2, p50: 800, p95: 1500 }, turnMs: summary, errorsByKind: { crashed: 1 }, tokensIn: 1200, tokensOut: 300, costUsd: 0.05, turns: 3, restarts: 0, spawns: 1 },
    ...patch,
  };
}

describe('health view HTML', () => {
  it('escapes untrusted titles, folders and error messages everywhere', () => {
    const html = renderHealthBody(snapshot({ breakers: [{ folder: evil, state: 'open', lastError: evil }], cli: { error: evil } }, { title: evil, folder: evil, lastError: { kind: 'crashed', message: evil } }));
    assert.ok(!html.includes('<img'), 'no raw tag');
    assert.ok(!html.includes('onerror="'), 'no attribute breaks out of quotes');
    assert.ok(html.includes(escapeHtml(evil)));
    assert.equal(escapeHtml(`<a href='x'>&"`), '&lt;a href=&#39;x&#39;&gt;&amp;&quot;');
  });

  it('shows per-session process facts, TTFT p50/p95 and errors by kind', () => {
    const html = renderHealthBody(snapshot());
    for (const text of ['4242', '150.0 MB', '1m 05s', '800 ms / 1.5 s', '1.2k / 300', '$0.05', 'crashed&nbsp;×1', '1 waiting', 'process: busy']) assert.ok(html.includes(text), text);
    assert.match(html, /<th scope="col">Restarts<\/th>/);
  });

  it('offers Reset only for breakers that are not closed, as a real button', () => {
    const html = renderHealthBody(snapshot({ breakers: [{ folder: '/a', state: 'closed' }, { folder: '/b', state: 'open' }] }));
    assert.equal((html.match(/data-action="resetBreaker"/g) ?? []).length, 1);
    assert.match(html, /<button id="reset-1" data-action="resetBreaker" data-folder="\/b"/);
  });

  it('builds a page with a strict CSP, nonce on style and script, and no inline handlers', () => {
    const page = renderHealthPage(snapshot({}, { title: evil }), { nonce: 'abc123', cspSource: 'vscode-resource:' });
    assert.match(page, /content="default-src 'none'; img-src vscode-resource:; style-src 'nonce-abc123'; script-src 'nonce-abc123'; font-src vscode-resource:"/);
    assert.match(page, /<style nonce="abc123">/);
    assert.match(page, /<script nonce="abc123">/);
    assert.equal((page.match(/<script/g) ?? []).length, 1);
    assert.ok(!/\son[a-z]+=/i.test(page.replace(escapeHtml(evil), '')), 'no on* attributes');
    assert.match(page, /var\(--vscode-charts-green\)/);
  });

  it('accepts only known messages from the page', () => {
    assert.deepEqual(parseHealthMessage({ type: 'copyJson' }), { type: 'copyJson' });
    assert.deepEqual(parseHealthMessage({ type: 'resetBreaker', folder: '/p' }), { type: 'resetBreaker', folder: '/p' });
    assert.equal(parseHealthMessage({ type: 'resetBreaker' }), undefined);
    assert.equal(parseHealthMessage({ type: 'runCommand', command: 'x' }), undefined);
    assert.equal(parseHealthMessage('copyJson'), undefined);
    assert.equal(parseHealthMessage(null), undefined);
  });
});

describe('SessionStatsTracker', () => {
  it('counts processes, restarts and the time to get one', () => {
    const t = new SessionStatsTracker();
    t.observe(info({ state: 'stopped' }), 0);
    t.observe(info({ state: 'starting' }), 100);
    t.observe(info({ state: 'queued' }), 150);
    t.observe(info({ state: 'idle', pid: 10 }), 700);
    t.observe(info({ state: 'busy', pid: 10 }), 800);
    assert.deepEqual(t.get('s1'), { processes: 1, restarts: 0, lastStartMs: 600, errorsByKind: {} });
    t.observe(info({ state: 'interrupted', pid: undefined, lastError: { kind: 'crashed', message: 'x', at: 900 } }), 900);
    t.observe(info({ state: 'starting', lastError: { kind: 'crashed', message: 'x', at: 900 } }), 1000);
    t.observe(info({ state: 'idle', pid: 11, lastError: { kind: 'crashed', message: 'x', at: 900 } }), 1030);
    assert.deepEqual(t.get('s1'), { processes: 2, restarts: 1, lastStartMs: 30, errorsByKind: { crashed: 1 } });
  });

  it('does not count the error a restored session brought from the last window', () => {
    const t = new SessionStatsTracker();
    t.observe(info({ state: 'stopped', lastError: { kind: 'auth', message: 'x', at: 5 } }), 0);
    t.observe(info({ state: 'stopped', lastError: { kind: 'auth', message: 'x', at: 5 } }), 1);
    assert.deepEqual(t.get('s1')?.errorsByKind, {});
    t.retain([]);
    assert.equal(t.get('s1'), undefined);
  });

  describe('fed by a SessionManager from activation on (health view and public API share it)', function () {
    this.timeout(10_000);
    afterEach(() => shutdownHarnesses());
    after(() => removeHarnessRoot());

    it('records a crash and the replacement process of a session created after it started watching; forgets removed sessions', async () => {
      const h = makeHarness();
      const t = new SessionStatsTracker();
      const subs = watchSessionStats(h.manager, t);
      const s = h.manager.create({ folder: h.folder });
      await s.send('hello');
      await s.send('@crash').catch(() => undefined);
      await waitFor(() => t.get(s.id)?.processes === 2, 'the replacement process');
      assert.deepEqual({ ...t.get(s.id), lastStartMs: undefined }, { processes: 2, restarts: 1, lastStartMs: undefined, errorsByKind: { crashed: 1 } });
      await h.manager.remove(s.id);
      assert.equal(t.get(s.id), undefined);
      for (const d of subs) d.dispose();
    });
  });

  it('summarises time to first token from the result lines', () => {
    assert.deepEqual(ttftSummary([user('x'), result({ ttft_ms: 100 }), result({ ttft_ms: 300 }), result({})]), { count: 2, p50: 100, p95: 300 });
    assert.deepEqual(ttftSummary([]), { count: 0, p50: undefined, p95: undefined });
  });
});

describe('formatting', () => {
  it('formats bytes, durations, costs and relative times', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(3_725_000), '1h 02m');
    assert.equal(formatCost(0.004), '<$0.01');
    assert.equal(relativeTime(0, 2 * 86_400_000), '2d ago');
    assert.equal(relativeTime(0, 30 * 86_400_000), '1970-01-01');
  });
});
