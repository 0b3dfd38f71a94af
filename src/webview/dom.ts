// A tiny element builder. Strings become text nodes (never HTML); attributes are set with setAttribute, and event
// handlers are attached with addEventListener, so nothing here can turn untrusted text into markup or script.

type Child = Node | string | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) throw new Error(`use on() for ${name}`);
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function on<K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void): HTMLElement {
  el.addEventListener(type, fn);
  return el;
}

/** A button with a codicon and a text label; `label` is also its accessible name unless `aria` overrides it. */
export function button(label: string, opts: { icon?: string; cls?: string; title?: string; aria?: string; iconOnly?: boolean; action?: string } = {}): HTMLButtonElement {
  const b = h('button', {
    type: 'button',
    class: opts.cls,
    title: opts.title ?? (opts.iconOnly ? label : undefined),
    'aria-label': opts.aria ?? (opts.iconOnly ? label : undefined),
    'data-action': opts.action,
  });
  if (opts.icon) b.appendChild(icon(opts.icon));
  if (!opts.iconOnly) b.appendChild(h('span', { class: 'label' }, label));
  return b;
}

export function icon(name: string, extra = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}
