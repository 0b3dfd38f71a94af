// The transcript as a virtualised list: only items near the viewport are in the DOM, between two spacers whose
// heights stand for the rest. Heights are measured once rendered (estimated before), the item at the top of the
// viewport stays put when heights above it change, and the view follows the stream until the person scrolls up.
import type { ChatItem } from '../protocol/chatProtocol';
import type { ItemStore } from './itemStore';
import { buildPrefix, computeWindow, estimateHeight, indexAt, isNearBottom } from './windowing';

interface Rendered {
  el: HTMLElement;
  item: ChatItem;
}

const Overscan = 600;

export class VirtualList {
  private readonly content: HTMLElement;
  private readonly rendered = new Map<string, Rendered>();
  private readonly measured = new Map<string, number>();
  private prefix: Float64Array = new Float64Array(1);
  private prefixVersion = -1;
  private frame = 0;
  private expectedScrollTop = -1;
  private focusedId: string | undefined;
  private lastWidth = -1;
  private readonly resizeObserver: ResizeObserver;
  /** Following the newest output. */
  stick = true;
  onStickChange: (stick: boolean) => void = () => undefined;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly store: ItemStore,
    private readonly render: (item: ChatItem) => HTMLElement,
  ) {
    this.content = scroller.appendChild(document.createElement('div'));
    this.content.className = 'log-content';
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(scroller);
    scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    scroller.addEventListener('focusin', (e) => {
      this.focusedId = (e.target as Element).closest<HTMLElement>('[data-id]')?.dataset.id;
    });
  }

  /** Items changed (ids from ItemStore.apply, or all after a snapshot). */
  invalidate(ids?: Iterable<string>): void {
    if (ids === undefined) {
      for (const r of this.rendered.values()) this.unmount(r);
      this.rendered.clear();
    } else {
      for (const id of ids) {
        const r = this.rendered.get(id);
        if (r && this.store.get(id) !== r.item) {
          r.el.remove();
          this.resizeObserver.unobserve(r.el);
          this.rendered.delete(id);
        }
      }
    }
    this.schedule();
  }

  scrollToBottom(): void {
    this.setStick(true);
    this.layout();
  }

  /** Scrolls so that the item is at the top, `offset` px into it (restoring a saved position). */
  scrollToItem(id: string, offset = 0): void {
    const i = this.store.indexOf(id);
    if (i < 0) return;
    this.setStick(false);
    this.ensurePrefix();
    this.setScrollTop(this.prefix[i] + offset);
    this.layout();
    this.setScrollTop(this.prefix[i] + offset);
  }

  /** The item at the top of the viewport and how far it is scrolled into (for saving). */
  anchor(): { id: string; offset: number } | undefined {
    if (this.store.length === 0) return undefined;
    this.ensurePrefix();
    const i = indexAt(this.prefix, this.scroller.scrollTop);
    return { id: this.store.at(i).id, offset: this.scroller.scrollTop - this.prefix[i] };
  }

  schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.layout();
    });
  }

  /** Renders the window for the current scroll position; measures; keeps the anchor or the bottom in place. */
  layout(): void {
    const anchor = this.stick ? undefined : this.anchor();
    const width = this.scroller.clientWidth;
    if (width !== this.lastWidth) {
      // Heights measured at another width are wrong now: forget them (rendered items are measured again below).
      this.lastWidth = width;
      this.measured.clear();
      this.prefixVersion = -1;
    }
    for (let pass = 0; pass < 3; pass++) {
      this.ensurePrefix();
      const focus = this.focusedId !== undefined ? this.store.indexOf(this.focusedId) : undefined;
      const w = computeWindow(this.prefix, this.stick ? Number.MAX_SAFE_INTEGER : this.scroller.scrollTop, this.scroller.clientHeight, Overscan, focus);
      this.reconcile(w.start, w.end);
      this.content.style.paddingTop = `${w.padTop}px`;
      this.content.style.paddingBottom = `${w.padBottom}px`;
      const changed = this.measure(w.start, w.end);
      if (changed) {
        this.ensurePrefix();
        this.content.style.paddingTop = `${this.prefix[w.start]}px`;
        this.content.style.paddingBottom = `${this.prefix[this.prefix.length - 1] - this.prefix[w.end]}px`;
      }
      if (this.stick) this.setScrollTop(this.scroller.scrollHeight);
      else if (anchor) {
        const i = this.store.indexOf(anchor.id);
        if (i >= 0) this.setScrollTop(this.prefix[i] + anchor.offset);
      }
      if (!changed) break;
    }
  }

  private ensurePrefix(): void {
    if (this.prefixVersion === this.store.version && this.prefix.length === this.store.length + 1) return;
    const charsPerLine = Math.max(20, Math.floor(this.scroller.clientWidth / 7.5));
    const heights = new Float64Array(this.store.length);
    for (let i = 0; i < this.store.length; i++) {
      const item = this.store.at(i);
      heights[i] = this.measured.get(item.id) ?? estimateHeight(item, charsPerLine);
    }
    this.prefix = buildPrefix(heights);
    this.prefixVersion = this.store.version;
  }

  private reconcile(start: number, end: number): void {
    const keep = new Set<string>();
    let cursor: ChildNode | null = this.content.firstChild;
    for (let i = start; i < end; i++) {
      const item = this.store.at(i);
      keep.add(item.id);
      let r = this.rendered.get(item.id);
      if (!r || r.item !== item) {
        if (r) this.unmount(r);
        r = { el: this.render(item), item };
        this.rendered.set(item.id, r);
        this.resizeObserver.observe(r.el);
      }
      if (r.el !== cursor) this.content.insertBefore(r.el, cursor);
      else cursor = cursor.nextSibling;
    }
    for (const [id, r] of this.rendered) {
      if (!keep.has(id)) {
        this.unmount(r);
        this.rendered.delete(id);
      }
    }
  }

  private unmount(r: Rendered): void {
    this.resizeObserver.unobserve(r.el);
    r.el.remove();
  }

  /** Records the real heights of the rendered items; true when any differed from what the prefix sums assumed. */
  private measure(start: number, end: number): boolean {
    let changed = false;
    for (let i = start; i < end; i++) {
      const item = this.store.at(i);
      const r = this.rendered.get(item.id);
      if (!r) continue;
      const height = r.el.offsetHeight;
      if (this.prefix[i + 1] - this.prefix[i] !== height) changed = true;
      this.measured.set(item.id, height);
    }
    if (changed) this.prefixVersion = -1;
    return changed;
  }

  private setScrollTop(top: number): void {
    const max = Math.max(0, this.scroller.scrollHeight - this.scroller.clientHeight);
    const next = Math.max(0, Math.min(max, Math.round(top)));
    if (Math.abs(this.scroller.scrollTop - next) < 1) return;
    this.expectedScrollTop = next;
    this.scroller.scrollTop = next;
  }

  private onScroll(): void {
    const top = this.scroller.scrollTop;
    if (this.expectedScrollTop >= 0 && Math.abs(top - this.expectedScrollTop) < 2) {
      // Our own scrollTop assignment: not the person scrolling.
      this.expectedScrollTop = -1;
    } else {
      this.expectedScrollTop = -1;
      this.setStick(isNearBottom(top, this.scroller.clientHeight, this.scroller.scrollHeight));
    }
    this.schedule();
  }

  private setStick(stick: boolean): void {
    if (stick === this.stick) return;
    this.stick = stick;
    this.onStickChange(stick);
  }
}
