// The health view's content as HTML, a pure function of the snapshot. Every value that reaches the page goes through
// escapeHtml: session titles, folder paths and error messages are untrusted text. No `vscode` import.
import { formatBytes, formatCost, formatCount, formatDuration } from './format';
import { HealthSnapshot, SessionHealth } from './healthSnapshot';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const e = (v: string | number | undefined): string => (v === undefined ? '–' : escapeHtml(String(v)));
const ms = (v: number | undefined) => e(v === undefined ? undefined : formatDuration(v));
const pct = (h: { p50?: number; p95?: number; count: number }) => (h.count === 0 ? '–' : `${ms(h.p50)} / ${ms(h.p95)}`);

function dl(rows: [string, string][]): string {
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** `details[i]`, when set, is a full-width row under row `i` (long text that would squeeze the columns). */
function table(caption: string, head: string[], rows: string[][], empty: string, details: (string | undefined)[] = []): string {
  if (rows.length === 0) return `<h2>${escapeHtml(caption)}</h2><p class="muted">${escapeHtml(empty)}</p>`;
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r, n) => {
      const row = `<tr${details[n] ? ' class="has-detail"' : ''}>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`;
      return details[n] ? `${row}<tr class="detail"><td colspan="${head.length}">${details[n]}</td></tr>` : row;
    })
    .join('');
  // Wrapped so a narrow editor scrolls the table sideways instead of cutting its last columns off.
  return `<h2>${escapeHtml(caption)}</h2><div class="table-wrap"><table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function errorsText(errors: Record<string, number> | undefined): string {
  const entries = Object.entries(errors ?? {});
  return entries.length === 0 ? '–' : entries.map(([k, n]) => `${e(k)}&nbsp;×${n}`).join(', ');
}

function state(s: string): string {
  return `<span class="state state-${escapeHtml(s.replace(/[^A-Za-z]/g, ''))}">${escapeHtml(s)}</span>`;
}

/** The session's last error, on its own row under the session (a long message would squeeze the other columns). */
function sessionError(x: SessionHealth): string | undefined {
  return x.lastError ? `<div class="error" title="${e(x.lastError.message)}">Last error (${e(x.lastError.kind)}): ${e(x.lastError.message)}</div>` : undefined;
}

function sessionRow(x: SessionHealth): string[] {
  return [
    `${e(x.title)}<div class="muted">${e(x.folder)}</div>`,
    `${state(x.state)}${x.pendingPermissions ? ` <span class="badge">${x.pendingPermissions} waiting</span>` : ''}${x.processState ? `<div class="muted">process: ${e(x.processState)}</div>` : ''}`,
    e(x.pid),
    e(x.rssBytes === undefined ? undefined : formatBytes(x.rssBytes)),
    ms(x.uptimeMs),
    e(x.restarts),
    ms(x.lastStartMs),
    pct(x.ttftMs),
    `${e(formatCount(x.tokensIn))} / ${e(formatCount(x.tokensOut))}`,
    e(formatCost(x.costUsd)),
    e(x.turns),
    errorsText(x.errorsByKind),
  ];
}

export function renderHealthBody(snap: HealthSnapshot): string {
  const m = snap.metrics;
  const cli = snap.cli.error ? `<span class="error">${e(snap.cli.error)}</span>` : snap.cli.path ? `<code>${e(snap.cli.path)}</code> ${e(snap.cli.version)} (${e(snap.cli.source)})` : '<span class="muted">not looked up yet</span>';
  const overview = dl([
    ['Workspace', snap.trusted ? 'trusted' : '<span class="error">not trusted — Claude disabled</span>'],
    ['Claude CLI', cli],
    ['Auth source', e(snap.authSource ?? 'not reported yet')],
    ['Turns', `${e(m.turns)} · cost ${e(formatCost(m.costUsd))} · tokens ${e(formatCount(m.tokensIn))} in / ${e(formatCount(m.tokensOut))} out`],
    ['Time to first token (p50 / p95)', pct(m.timeToFirstTokenMs)],
    ['Turn time (p50 / p95)', pct(m.turnMs)],
    ['Spawn to ready (p50 / p95)', `${pct(m.spawnMs)} · ${e(m.spawns)} cold spawns`],
    ['Warm take (p50 / p95)', pct(m.warmTakeMs)],
    ['Recoveries (crash, stall)', e(m.restarts)],
    ['Errors', errorsText(m.errorsByKind)],
  ]);
  const p = snap.pool;
  const pool = dl([
    ['Ready', `${e(p.ready)} of ${e(p.capacity)}${p.starting ? `, ${e(p.starting)} starting` : ''}`],
    ['Hits / misses', `${e(p.hits)} / ${e(p.misses)}`],
    ['Memory (RSS)', p.rssBytes.length ? p.rssBytes.map((b) => e(formatBytes(b))).join(', ') : '–'],
  ]);
  const breakers = table(
    'Circuit breakers',
    ['Folder', 'State', 'Last error', ''],
    snap.breakers.map((b, i) => [
      `<code>${e(b.folder)}</code>`,
      state(b.state),
      e(b.lastError),
      b.state === 'closed' ? '' : `<button id="reset-${i}" data-action="resetBreaker" data-folder="${e(b.folder)}" aria-label="Reset the breaker of ${e(b.folder)}">Reset</button>`,
    ]),
    'No folder has run Claude yet.',
  );
  const sessions = table(
    'Sessions',
    ['Session', 'State', 'PID', 'RSS', 'Uptime', 'Restarts', 'Start', 'TTFT p50 / p95', 'Tokens in / out', 'Cost', 'Turns', 'Errors'],
    snap.sessions.map(sessionRow),
    'No sessions.',
    snap.sessions.map(sessionError),
  );
  return `<h2>Overview</h2>${overview}${sessions}${breakers}<h2>Warm pool</h2>${pool}`;
}

/** "Updated …" line, kept apart from the body so an unchanged body is not re-rendered every tick. */
export function updatedText(snap: HealthSnapshot): string {
  return `Updated ${snap.takenAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
}
