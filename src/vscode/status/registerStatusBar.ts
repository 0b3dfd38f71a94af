import * as vscode from 'vscode';
import { asCliError } from '../../core/errors/cliError';
import { Services } from '../services';
import { onDidChangeTrust } from '../trust/trust';
import { computeStatus, Severity, StatusInput, StatusView } from './computeStatus';
import { CurrentErrors } from './currentErrors';

const backgrounds: Partial<Record<Severity, string>> = {
  attention: 'statusBarItem.warningBackground',
  degraded: 'statusBarItem.errorBackground',
};

/** Redraw at most this often when sessions change quickly (streaming turns fire many info changes). */
const DebounceMs = 150;
/** The CLI is looked up lazily and reports no event, so its state is also re-read on this period. */
const PollMs = 5000;

/** The one "Claude" status bar item; clicking it opens the health view (or what the state needs). */
export function registerStatusBar(s: Services): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('aicode.status', vscode.StatusBarAlignment.Left, 100);
  item.name = 'AICode Manager';
  const errors = new CurrentErrors();
  for (const session of s.manager.list()) errors.observe(session.info);

  let timer: NodeJS.Timeout | undefined;
  let shown = '';
  const render = () => {
    timer = undefined;
    const view = computeStatus(statusInput(s, errors));
    const key = JSON.stringify(view);
    if (key === shown) return; // the poll usually finds nothing new: no update crosses to the renderer
    shown = key;
    apply(item, view);
  };
  const schedule = () => {
    timer ??= setTimeout(render, DebounceMs);
  };
  const poll = setInterval(render, PollMs);

  render();
  item.show();
  return [
    item,
    {
      dispose: () => {
        clearInterval(poll);
        if (timer) clearTimeout(timer);
      },
    },
    s.manager.onDidChangeSession((info) => {
      errors.observe(info);
      schedule();
    }),
    s.manager.onDidChangeSessions(() => {
      errors.retain(s.manager.list().map((x) => x.id));
      schedule();
    }),
    s.manager.onDidChangeBreaker(() => schedule()),
    onDidChangeTrust(() => schedule()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('aicode')) schedule();
    }),
  ];
}

export function statusInput(s: Services, errors: CurrentErrors): StatusInput {
  const cli = s.cliStatus();
  const error = cli.error ? asCliError(cli.error) : undefined;
  const sessions = s.manager.list().map((x) => x.info);
  const occ = s.manager.pool.occupancy;
  return {
    trusted: s.isTrusted(),
    sessions: sessions.map((i) => {
      const current = errors.current(i);
      return { id: i.id, title: i.title, state: i.state, pendingPermissions: i.pendingPermissions, ...(current ? { currentError: { kind: current.kind, message: current.message, at: current.at } } : {}) };
    }),
    cli: { path: cli.env?.binary, version: cli.env?.features.version.raw, source: cli.env?.source, ...(error ? { error: { kind: error.kind, message: error.message } } : {}) },
    breakers: s.manager.breakerStates(),
    pool: { ready: occ.ready, starting: occ.starting, capacity: occ.capacity },
    authSource: [...sessions].sort((a, b) => b.lastActiveAt - a.lastActiveAt).find((i) => i.apiKeySource)?.apiKeySource,
    demo: sessions.some((i) => i.demo) || s.settings.demoMode(),
  };
}

function apply(item: vscode.StatusBarItem, view: StatusView): void {
  item.text = view.text;
  const md = new vscode.MarkdownString(view.tooltipMarkdown, true);
  md.isTrusted = { enabledCommands: view.tooltipCommands };
  item.tooltip = md;
  item.command = view.command;
  const bg = backgrounds[view.severity];
  item.backgroundColor = bg ? new vscode.ThemeColor(bg) : undefined;
  item.accessibilityInformation = { label: view.accessibilityLabel, role: 'button' };
}
