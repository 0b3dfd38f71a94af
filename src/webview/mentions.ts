// The @-mention popup: a listbox of files the host matched; the textarea keeps focus and points at the active
// option with aria-activedescendant.
import type { MentionCandidate } from '../protocol/chatProtocol';
import { clear, h } from './dom';
import { mentionAt } from './inputHistory';
import { post } from './vscodeApi';

export class MentionPopup {
  readonly el = h('ul', { id: 'mention-list', role: 'listbox', class: 'mention-list', 'aria-label': 'Files', hidden: true });
  private items: MentionCandidate[] = [];
  private active = 0;
  private requestId = 0;
  private query: { start: number; query: string } | undefined;

  constructor(private readonly input: HTMLTextAreaElement) {
    input.setAttribute('aria-controls', 'mention-list');
    input.setAttribute('aria-autocomplete', 'list');
    this.el.addEventListener('mousedown', (e) => e.preventDefault());
    this.el.addEventListener('click', (e) => {
      const li = (e.target as Element).closest<HTMLElement>('[data-index]');
      if (li) this.accept(Number(li.dataset.index));
    });
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  /** Call on every input: asks the host when an @query is being typed, hides the popup otherwise. */
  onInput(): void {
    const q = mentionAt(this.input.value, this.input.selectionStart);
    this.query = q;
    if (!q) return this.hide();
    post({ type: 'mentionQuery', requestId: ++this.requestId, query: q.query });
  }

  results(requestId: number, items: MentionCandidate[]): void {
    if (requestId !== this.requestId || !this.query) return;
    this.items = items;
    this.active = 0;
    clear(this.el);
    items.forEach((item, i) => {
      this.el.appendChild(
        h('li', { id: `mention-opt-${i}`, role: 'option', 'data-index': i, 'aria-selected': i === 0 ? 'true' : 'false' }, h('span', { class: 'mention-name' }, item.path.split('/').pop() ?? item.path), item.description ? h('span', { class: 'muted' }, ` ${item.description}`) : null),
      );
    });
    if (items.length === 0) return this.hide();
    this.el.hidden = false;
    this.input.setAttribute('aria-activedescendant', 'mention-opt-0');
  }

  /** Keyboard handling while open; returns true when the key was used. */
  onKeyDown(e: KeyboardEvent): boolean {
    if (!this.open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      this.setActive((this.active + (e.key === 'ArrowDown' ? 1 : -1) + this.items.length) % this.items.length);
      return true;
    }
    if (e.key === 'Enter' || e.key === 'Tab') {
      this.accept(this.active);
      return true;
    }
    if (e.key === 'Escape') {
      this.hide();
      return true;
    }
    return false;
  }

  hide(): void {
    this.el.hidden = true;
    this.items = [];
    this.input.removeAttribute('aria-activedescendant');
  }

  private setActive(i: number): void {
    this.el.querySelector(`#mention-opt-${this.active}`)?.setAttribute('aria-selected', 'false');
    this.active = i;
    const li = this.el.querySelector(`#mention-opt-${i}`);
    li?.setAttribute('aria-selected', 'true');
    li?.scrollIntoView({ block: 'nearest' });
    this.input.setAttribute('aria-activedescendant', `mention-opt-${i}`);
  }

  private accept(i: number): void {
    const item = this.items[i];
    const q = this.query;
    if (!item || !q) return this.hide();
    const value = this.input.value;
    const end = q.start + 1 + q.query.length;
    const insert = `@${item.path} `;
    this.input.value = value.slice(0, q.start) + insert + value.slice(end);
    const caret = q.start + insert.length;
    this.input.setSelectionRange(caret, caret);
    this.hide();
    this.input.dispatchEvent(new Event('input'));
  }
}
