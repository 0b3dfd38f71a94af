// Markdown to HTML for model output. No DOM here (unit-tested in Node); the result still goes through DOMPurify
// (sanitize.ts) before it touches the page. Raw HTML in the source is escaped (html: false), only http(s) and relative
// links survive, and images become links: the webview never loads remote content.
import MarkdownIt from 'markdown-it';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const languages = { bash, cpp, css, diff, go, java, javascript, json, markdown, python, rust, shell, sql, typescript, xml, yaml };
for (const [name, lang] of Object.entries(languages)) hljs.registerLanguage(name, lang);

/** Highlighting is skipped for huge blocks: they are shown, just not coloured. */
const MaxHighlightChars = 100_000;

/** Link targets that may be rendered as links: http(s) URLs and scheme-less (workspace-relative) paths. */
export function isAllowedLink(url: string): boolean {
  const u = url.trim();
  if (u === '' || u.startsWith('//') || u.startsWith('\\\\')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u);
  if (!scheme) return true;
  const s = scheme[1].toLowerCase();
  // A Windows drive letter ("C:\x") is a path, not a scheme.
  if (s.length === 1 && /^[a-z]:[\\/]/i.test(u)) return true;
  return s === 'http' || s === 'https';
}

export function highlightCode(code: string, lang: string): string {
  const language = lang.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!language || code.length > MaxHighlightChars || !hljs.getLanguage(language)) return '';
  try {
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  } catch {
    return '';
  }
}

const md = new MarkdownIt({ html: false, linkify: true, breaks: false, typographer: false, highlight: highlightCode });
md.validateLink = isAllowedLink;

md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const src = String(token.attrGet('src') ?? '');
  const alt = token.content || src;
  return `<a href="${md.utils.escapeHtml(src)}" class="md-image-link">${md.utils.escapeHtml(`[image: ${alt}]`)}</a>`;
};

export function renderMarkdown(text: string): string {
  return md.render(text);
}

export function languageOf(className: string): string | undefined {
  return /(?:^|\s)language-([\w+#.-]+)/.exec(className)?.[1];
}
