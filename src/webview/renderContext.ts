// What item renderers need from the view: which collapsibles are open.
import { h } from './dom';

export interface RenderContext {
  /** Ids of <details> the person opened (thinking, tool output). */
  expanded: Set<string>;
  onToggle(key: string, open: boolean): void;
}

/** A <details> whose open state survives re-rendering and hide/restore. */
export function collapsible(key: string, summary: (string | Node)[], body: Node, ctx: RenderContext, cls = ''): HTMLDetailsElement {
  const d = h('details', { class: cls, open: ctx.expanded.has(key) }, h('summary', {}, ...summary), body);
  d.addEventListener('toggle', () => ctx.onToggle(key, d.open));
  return d;
}
