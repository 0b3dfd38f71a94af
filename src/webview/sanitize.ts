// The only place that assigns innerHTML: markdown from markdown.ts, sanitised by DOMPurify with a short allow-list.
// Code blocks then get their Copy / Insert / New file buttons through DOM calls. Sanitised content can carry neither
// <button> nor data-* attributes, so the `data-action` click delegation in main.ts only ever sees our own buttons.
import DOMPurify from 'dompurify';
import { button, h } from './dom';
import { isAllowedLink, languageOf, renderMarkdown } from './markdown';

const purify = DOMPurify(window);

const config = {
  ALLOWED_TAGS: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span'],
  ALLOWED_ATTR: ['href', 'class', 'start', 'title'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  KEEP_CONTENT: true,
};

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName !== 'A') return;
  const href = node.getAttribute('href');
  if (href === null || !isAllowedLink(href)) node.removeAttribute('href');
  node.setAttribute('rel', 'noopener noreferrer');
});

export function sanitizeHtml(html: string): string {
  return purify.sanitize(html, config) as unknown as string;
}

/** Renders markdown into `el`, replacing its content. */
export function renderMarkdownInto(el: HTMLElement, text: string): void {
  el.innerHTML = sanitizeHtml(renderMarkdown(text));
  decorateCodeBlocks(el);
}

function decorateCodeBlocks(root: HTMLElement): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    if (!code) continue;
    const lang = languageOf(code.className);
    const tools = h(
      'div',
      { class: 'code-actions', role: 'toolbar', 'aria-label': lang ? `${lang} code` : 'Code' },
      lang ? h('span', { class: 'code-lang' }, lang) : null,
      button('Copy', { icon: 'copy', action: 'code-copy', iconOnly: true }),
      button('Insert at cursor', { icon: 'insert', action: 'code-insert', iconOnly: true }),
      button('Open in new file', { icon: 'new-file', action: 'code-new-file', iconOnly: true }),
    );
    const wrap = h('div', { class: 'code-block', 'data-lang': lang });
    pre.replaceWith(wrap);
    wrap.append(tools, pre);
    pre.setAttribute('tabindex', '0');
  }
}

/** The code text and language for a code-block button. */
export function codeOf(btn: Element): { code: string; language?: string } | undefined {
  const block = btn.closest('.code-block');
  const code = block?.querySelector('pre code');
  if (!block || !code) return undefined;
  const language = block.getAttribute('data-lang') ?? undefined;
  return { code: code.textContent ?? '', ...(language ? { language } : {}) };
}
