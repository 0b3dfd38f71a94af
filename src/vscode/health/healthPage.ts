// The health webview's document: a strict CSP (nothing but our nonce'd style and script), theme colours from VS
// Code's CSS variables, no inline handlers (one delegated click listener). No `vscode` import.
import { escapeHtml, renderHealthBody, updatedText } from './healthBody';
import { HealthSnapshot } from './healthSnapshot';

/** Messages the page posts to the host. Validated by parseHealthMessage before anything acts on them. */
export type HealthWebviewMessage = { type: 'ready' } | { type: 'copyJson' } | { type: 'showLogs' } | { type: 'resetBreaker'; folder: string };

export function parseHealthMessage(value: unknown): HealthWebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { type?: unknown; folder?: unknown };
  switch (v.type) {
    case 'ready':
    case 'copyJson':
    case 'showLogs':
      return { type: v.type };
    case 'resetBreaker':
      return typeof v.folder === 'string' && v.folder.length > 0 && v.folder.length < 4096 ? { type: 'resetBreaker', folder: v.folder } : undefined;
    default:
      return undefined;
  }
}

const css = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 20px; }
header { display: flex; align-items: center; gap: 8px; position: sticky; top: 0; padding: 12px 0; background: var(--vscode-editor-background); }
header h1 { font-size: 1.3em; margin: 0 auto 0 0; }
h2 { font-size: 1.1em; margin: 20px 0 8px; }
button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 3px 10px; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dt { color: var(--vscode-descriptionForeground); }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
.table-wrap { overflow-x: auto; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); vertical-align: top; }
thead th { color: var(--vscode-descriptionForeground); font-weight: normal; }
tbody th { font-weight: normal; min-width: 8em; max-width: 24em; overflow-wrap: break-word; }
tr.has-detail > * { border-bottom: none; }
tr.detail > td { padding-top: 0; }
code { font-family: var(--vscode-editor-font-family); }
.muted { color: var(--vscode-descriptionForeground); }
.error { color: var(--vscode-errorForeground); overflow-wrap: anywhere; }
.badge { color: var(--vscode-badge-foreground); background: var(--vscode-badge-background); border-radius: 8px; padding: 0 6px; }
.state-idle, .state-closed { color: var(--vscode-charts-green); }
.state-busy, .state-starting, .state-halfOpen { color: var(--vscode-charts-blue); }
.state-queued, .state-interrupted { color: var(--vscode-charts-yellow); }
.state-failed, .state-open, .state-isolated { color: var(--vscode-charts-red); }
.state-stopped, .state-stopping { color: var(--vscode-disabledForeground); }
`;

/**
 * Runs in the webview. `update` carries the time (set as text) and, when the body changed, its HTML (rendered and
 * escaped by the host); focus goes back to the control that had it.
 */
const script = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  if (!button) return;
  vscode.postMessage(button.dataset.folder === undefined ? { type: button.dataset.action } : { type: button.dataset.action, folder: button.dataset.folder });
});
window.addEventListener('message', (event) => {
  const m = event.data;
  if (!m || m.type !== 'update') return;
  const updated = document.getElementById('updated');
  if (updated && typeof m.updated === 'string') updated.textContent = m.updated;
  if (typeof m.html !== 'string') return;
  const focused = document.activeElement && document.activeElement.id;
  const root = document.getElementById('root');
  if (root) root.innerHTML = m.html;
  if (focused) document.getElementById(focused)?.focus();
});
vscode.postMessage({ type: 'ready' });
`;

export function renderHealthPage(snap: HealthSnapshot, opts: { nonce: string; cspSource: string }): string {
  const csp = [`default-src 'none'`, `img-src ${opts.cspSource}`, `style-src 'nonce-${opts.nonce}'`, `script-src 'nonce-${opts.nonce}'`, `font-src ${opts.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Claude Health</title>
<style nonce="${opts.nonce}">${css}</style>
</head>
<body>
<header>
<h1>Claude Code health</h1>
<button id="copy-json" data-action="copyJson">Copy as JSON</button>
<button id="show-logs" class="secondary" data-action="showLogs">Show Logs</button>
</header>
<p id="updated" class="muted">${escapeHtml(updatedText(snap))}</p>
<main id="root">${renderHealthBody(snap)}</main>
<script nonce="${opts.nonce}">${script}</script>
</body>
</html>`;
}
