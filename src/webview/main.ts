// Entry point of the chat webview: builds the page, applies host messages, delegates clicks, saves state, says ready.
import { isExternalLink, SessionErrorItemId, type ChatItem, type HostMessage, type SessionView } from '../protocol/chatProtocol';
import { announcementFor } from './announcements';
import { Composer } from './composer';
import { button, h } from './dom';
import { Banners, SessionHeader } from './header';
import { ItemStore } from './itemStore';
import { isAllowedLink } from './markdown';
import type { RenderContext } from './renderContext';
import { renderItem } from './renderItems';
import { codeOf } from './sanitize';
import { VirtualList } from './virtualList';
import { flushState, loadState, post, saveState } from './vscodeApi';

const saved = loadState();
let sessionId = saved.sessionId;
let firstSnapshot = true;

const root = document.getElementById('aicode-chat-root') ?? document.body.appendChild(h('div', { id: 'aicode-chat-root' }));
const header = new SessionHeader();
const banners = new Banners();
// Not a live region itself (items re-enter the DOM as the virtual list scrolls): live changes are spoken by `spoken`.
const log = h('div', { id: 'transcript', class: 'log', role: 'log', 'aria-live': 'off', 'aria-label': 'Conversation', tabindex: 0 });
const spoken = h('div', { id: 'announcer', class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
const emptyState = h('div', { class: 'empty-state muted' }, 'Ask Claude to explain, change or run something in this workspace.');
const jump = button('Jump to latest', { icon: 'arrow-down', cls: 'jump primary' });
jump.hidden = true;
const composer = new Composer(saved, () => persist(), (message) => banners.show('error', message));
root.append(header.el, banners.el, h('div', { class: 'log-wrap' }, log, emptyState, jump), composer.el, spoken);

const store = new ItemStore();
const expanded = new Set(saved.expanded);
const ctx: RenderContext = {
  expanded,
  onToggle(key, open) {
    if (open) expanded.add(key);
    else expanded.delete(key);
    persist();
  },
};
const list = new VirtualList(log, store, (item) => renderItem(item, ctx));
list.onStickChange = (stick) => {
  jump.hidden = stick;
  persist();
};
jump.addEventListener('click', () => {
  list.scrollToBottom();
  log.focus();
});
log.addEventListener('scroll', () => persist(), { passive: true });

function persist(): void {
  const anchor = list.stick ? undefined : list.anchor();
  saveState({
    v: 1,
    sessionId,
    draft: composer.input.value,
    history: composer.historyEntries(),
    expanded: [...expanded],
    stick: list.stick,
    ...(anchor ? { anchorId: anchor.id, anchorOffset: anchor.offset } : {}),
  });
}

function updateSession(session: SessionView | undefined): void {
  header.update(session);
  banners.setSessionError(session?.lastError);
  composer.setSession(session);
  if (session && session.id !== sessionId) {
    sessionId = session.id;
    persist();
  }
}

function refreshEmpty(): void {
  emptyState.hidden = store.length > 0;
}

function onHostMessage(msg: HostMessage): void {
  switch (msg.type) {
    case 'snapshot': {
      const sameSession = msg.session?.id === saved.sessionId;
      header.setModelChoices(msg.modelChoices);
      updateSession(msg.session);
      store.reset(msg.items);
      list.invalidate();
      refreshEmpty();
      if (firstSnapshot && sameSession && !saved.stick && saved.anchorId && store.get(saved.anchorId)) list.scrollToItem(saved.anchorId, saved.anchorOffset ?? 0);
      else list.scrollToBottom();
      firstSnapshot = false;
      return;
    }
    case 'items': {
      const said = msg.upserts.map((item) => announcementFor(store.get(item.id), item)).filter((t): t is string => !!t);
      list.invalidate(store.apply(msg));
      refreshEmpty();
      if (said.length > 0) announce(said.join(' '));
      return;
    }
    case 'session':
      return updateSession(msg.session);
    case 'mentionResults':
      return composer.mentionResults(msg.requestId, msg.items);
    case 'banner':
      return banners.show(msg.level, msg.message);
    case 'prefill':
      return composer.prefill(msg.text);
  }
}

let announceTimer: ReturnType<typeof setTimeout> | undefined;
/** Cleared first, so the same sentence twice in a row is spoken twice. */
function announce(text: string): void {
  spoken.textContent = '';
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => (spoken.textContent = text), 50);
}

window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  if (e.data && typeof e.data === 'object' && typeof e.data.type === 'string') onHostMessage(e.data);
});

// ----------------------------------------------------------------------------------------------- clicks

function itemOf(el: Element): ChatItem | undefined {
  const id = el.closest<HTMLElement>('[data-id]')?.dataset.id;
  return id === undefined ? undefined : store.get(id);
}

/** Links never navigate: http(s) goes to the host (which opens it externally), paths open in the editor. */
function onLink(a: HTMLAnchorElement): void {
  const href = a.dataset.path ?? a.getAttribute('href');
  if (!href) return;
  if (isExternalLink(href)) return post({ type: 'openLink', href });
  if (!isAllowedLink(href) || /^https?:/i.test(href)) return;
  const m = /^(.*?)(?:#L(\d+)(?:-L?\d+)?)?$/.exec(href);
  const path = decodeURIComponentSafe(m?.[1] ?? href);
  if (path) post({ type: 'openFile', path, ...(m?.[2] ? { line: Number(m[2]) } : {}) });
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function onAction(btn: HTMLElement, action: string): void {
  const item = itemOf(btn);
  switch (action) {
    case 'code-copy':
    case 'code-insert':
    case 'code-new-file': {
      const code = codeOf(btn);
      if (!code) return;
      if (action === 'code-copy') post({ type: 'copyText', text: code.code });
      else if (action === 'code-insert') post({ type: 'insertCode', code: code.code });
      else post({ type: 'newFileWithCode', code: code.code, ...(code.language ? { language: code.language } : {}) });
      return;
    }
    case 'open-diff':
      if (item?.kind === 'tool') post({ type: 'openDiff', toolUseId: item.toolUseId });
      else if (item?.kind === 'permission') post({ type: 'openDiff', requestId: item.requestId });
      return;
    case 'perm-allow':
    case 'perm-allow-session':
    case 'perm-deny': {
      if (item?.kind !== 'permission' || item.status !== 'pending') return;
      const group = btn.closest('[role="group"]');
      const reason = group?.querySelector<HTMLInputElement>('.perm-reason')?.value.trim();
      const answer = action === 'perm-allow' ? 'allow' : action === 'perm-allow-session' ? 'allowSession' : 'deny';
      post({ type: 'answerPermission', requestId: item.requestId, answer, ...(answer === 'deny' && reason ? { reason } : {}) });
      group?.querySelectorAll('button, input').forEach((el) => ((el as HTMLButtonElement).disabled = true));
      return;
    }
    case 'error-action':
      if (item) post({ type: 'errorAction', itemId: item.id });
      return;
    case 'session-error-action':
      return post({ type: 'errorAction', itemId: SessionErrorItemId });
  }
}

root.addEventListener('click', (e) => {
  const target = e.target as Element;
  const a = target.closest('a');
  if (a) {
    e.preventDefault();
    return onLink(a);
  }
  const btn = target.closest<HTMLElement>('[data-action]');
  if (btn?.dataset.action) onAction(btn, btn.dataset.action);
});
// Middle-click and friends must not open anything either.
root.addEventListener('auxclick', (e) => {
  if ((e.target as Element).closest('a')) e.preventDefault();
});
root.addEventListener('submit', (e) => e.preventDefault());
// A dropped link or file must not navigate the frame; dropped images become attachments.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => {
  e.preventDefault();
  composer.addImages(Array.from(e.dataTransfer?.files ?? []));
});

window.addEventListener('pagehide', () => {
  persist();
  flushState();
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') {
    persist();
    flushState();
  }
});

// When the view gets focus (opened with its command or clicked), put the caret in the input unless something in the
// page already has it.
window.addEventListener('focus', () => {
  if (document.activeElement === document.body || document.activeElement === null) composer.focus();
});

refreshEmpty();
post({ type: 'ready' });
