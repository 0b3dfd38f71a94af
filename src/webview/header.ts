// The session header (folder, model, permission mode, state, DEMO badge, cost) and the banner area above the log.
import { PermissionModes, type PermissionMode, type SessionView } from '../protocol/chatProtocol';
import { button, clear, h, icon } from './dom';
import { post } from './vscodeApi';

const modeLabels: Record<PermissionMode, string> = {
  default: 'Ask before edits',
  acceptEdits: 'Accept edits',
  plan: 'Plan only',
  bypassPermissions: 'Bypass permissions',
  dontAsk: "Don't ask (deny)",
};

const stateLabels: Record<SessionView['state'], string> = {
  queued: 'Waiting for a slot',
  starting: 'Starting',
  idle: 'Ready',
  busy: 'Working',
  interrupted: 'Interrupted',
  stopping: 'Stopping',
  stopped: 'Stopped',
  failed: 'Failed',
};

/** The model list's last entry: not a model name (names cannot start with a space), it opens the input box. */
const OtherModel = ' other';

export class SessionHeader {
  private readonly folder = h('span', { class: 'folder' });
  private readonly state = h('span', { class: 'state', role: 'status' });
  private readonly demo = h('span', { class: 'badge demo', title: 'Offline demo: answers come from a scripted local API', hidden: true }, 'DEMO');
  private readonly cost = h('span', { class: 'cost muted' });
  private readonly model = h('select', { 'aria-label': 'Model', class: 'model' });
  private readonly mode = h('select', { 'aria-label': 'Permission mode', class: 'mode' });
  readonly el: HTMLElement;
  private modelChoices: string[] = [];
  private modelKey = '';
  private currentModel = '';

  constructor() {
    for (const m of PermissionModes) this.mode.appendChild(h('option', { value: m }, modeLabels[m]));
    this.model.addEventListener('change', () => {
      if (this.model.value !== OtherModel) return post({ type: 'setModel', model: this.model.value });
      // A name not in the list: typed in VS Code's own input box (the "Select Model…" command), then set as usual.
      this.model.value = this.currentModel;
      post({ type: 'pickModel' });
    });
    this.mode.addEventListener('change', () => post({ type: 'setPermissionMode', mode: this.mode.value as PermissionMode }));
    this.el = h(
      'header',
      { class: 'session-header' },
      h('div', { class: 'header-row' }, this.folder, this.demo, this.state, this.cost),
      h('div', { class: 'header-row' }, h('label', {}, icon('sparkle'), this.model), h('label', {}, icon('shield'), this.mode)),
    );
  }

  setModelChoices(choices: string[]): void {
    this.modelChoices = choices;
  }

  update(session: SessionView | undefined): void {
    clear(this.folder);
    if (!session) {
      this.folder.append(icon('comment-discussion'), ' New conversation');
      this.folder.title = 'Type a prompt to start a session';
      this.state.textContent = '';
      this.cost.textContent = '';
      this.demo.hidden = true;
      this.model.disabled = true;
      this.mode.disabled = true;
      return;
    }
    this.folder.append(icon('folder'), ` ${session.folderName}`);
    this.folder.title = session.folderPath;
    this.state.textContent = stateLabels[session.state] + (session.stateReason ? `: ${session.stateReason}` : '');
    this.state.className = `state state-${session.state}`;
    this.demo.hidden = !session.demo;
    this.cost.textContent = session.costUsd > 0 ? `$${session.costUsd.toFixed(session.costUsd < 0.01 ? 4 : 2)}` : '';
    const live = session.state !== 'stopped' && session.state !== 'failed';
    this.model.disabled = !live;
    this.mode.disabled = !live;
    this.mode.value = session.permissionMode;
    const current = session.model ?? '';
    const choices = [...new Set([current, ...this.modelChoices].filter((m) => m !== ''))];
    const key = `${current}\n${choices.join('\n')}`;
    // Rebuilt only when the choices change, so a cost update does not close an open dropdown.
    if (key !== this.modelKey) {
      this.modelKey = key;
      clear(this.model);
      if (current === '') this.model.appendChild(h('option', { value: '', disabled: true }, 'Default model'));
      for (const m of choices) this.model.appendChild(h('option', { value: m }, m));
      this.model.appendChild(h('option', { value: OtherModel }, 'Other…'));
    }
    this.currentModel = current;
    this.model.value = current;
  }
}

/** Error and info banners: the session's last error (with its action) and problems the host reports. */
export class Banners {
  readonly el = h('div', { class: 'banners' });
  private sessionError: HTMLElement | undefined;

  setSessionError(error: SessionView['lastError']): void {
    this.sessionError?.remove();
    this.sessionError = undefined;
    if (!error) return;
    this.sessionError = h('div', { class: 'banner banner-error', role: 'alert', 'data-session': true }, icon('error'), h('span', { class: 'banner-text' }, error.message));
    if (error.actionLabel) this.sessionError.appendChild(button(error.actionLabel, { action: 'session-error-action', cls: 'secondary small' }));
    this.el.prepend(this.sessionError);
  }

  show(level: 'error' | 'info', message: string): void {
    const banner = h('div', { class: `banner banner-${level}`, role: level === 'error' ? 'alert' : 'status' }, icon(level === 'error' ? 'error' : 'info'), h('span', { class: 'banner-text' }, message));
    const dismiss = button('Dismiss', { icon: 'close', iconOnly: true, cls: 'icon-button' });
    dismiss.addEventListener('click', () => banner.remove());
    banner.appendChild(dismiss);
    this.el.appendChild(banner);
    while (this.el.querySelectorAll('.banner:not([data-session])').length > 3) this.el.querySelector('.banner:not([data-session])')?.remove();
  }
}
