// One DOM element per transcript item. Untrusted text goes in as text nodes (dom.ts) except assistant markdown, which
// goes through DOMPurify (sanitize.ts). Buttons carry data-action; main.ts handles clicks by delegation.
import type { ChatItem, FooterItem, ThinkingItem } from '../protocol/chatProtocol';
import { button, h, icon } from './dom';
import { collapsible, type RenderContext } from './renderContext';
import { renderPermission, renderTool } from './renderTool';
import { renderMarkdownInto } from './sanitize';

export function renderItem(item: ChatItem, ctx: RenderContext): HTMLElement {
  const el = renderBody(item, ctx);
  el.classList.add('item', `item-${item.kind}`);
  if (item.parentToolUseId) el.classList.add('nested');
  el.dataset.id = item.id;
  return el;
}

function renderBody(item: ChatItem, ctx: RenderContext): HTMLElement {
  switch (item.kind) {
    case 'user': {
      const images = (item.images ?? []).map((img, i) => h('img', { class: 'thumb', src: `data:${img.mediaType};base64,${img.base64}`, alt: `Attached image ${i + 1}` }));
      return h(
        'div',
        {},
        h('span', { class: 'sr-only' }, 'You said:'),
        h('div', { class: 'bubble' }, item.text),
        images.length > 0 ? h('div', { class: 'thumbs' }, ...images) : null,
        item.omittedImages ? h('div', { class: 'muted' }, `${item.omittedImages} image(s) not shown`) : null,
      );
    }
    case 'assistant': {
      const body = h('div', { class: 'md' });
      renderMarkdownInto(body, item.text);
      const el = h('div', {}, h('span', { class: 'sr-only' }, 'Claude said:'), body);
      if (item.streaming) el.classList.add('streaming');
      return el;
    }
    case 'thinking':
      return renderThinking(item, ctx);
    case 'tool':
      return renderTool(item, ctx);
    case 'permission':
      return renderPermission(item);
    case 'retry':
      return h('div', { class: 'line' }, icon('sync', 'codicon-modifier-spin'), h('span', {}, item.text));
    case 'footer':
      return renderFooter(item);
    case 'error': {
      const el = h('div', { role: 'alert' }, icon('error'), h('div', { class: 'error-message' }, item.message));
      if (item.action) el.appendChild(button(item.action.label, { action: 'error-action', cls: 'secondary' }));
      return el;
    }
    case 'interrupted':
      return h('div', { class: 'line' }, icon('debug-pause'), h('span', {}, item.text));
    case 'notice':
      return h('div', { class: 'line' }, icon('info'), h('span', {}, item.text));
  }
}

function renderThinking(item: ThinkingItem, ctx: RenderContext): HTMLElement {
  const label = item.redacted ? 'Thinking (redacted)' : item.streaming ? 'Thinking…' : 'Thinking';
  return collapsible(item.id, [icon('lightbulb'), h('span', {}, label)], h('div', { class: 'thinking-text' }, item.text), ctx);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function renderFooter(item: FooterItem): HTMLElement {
  const parts: string[] = [];
  if (item.durationMs !== undefined) parts.push(formatDuration(item.durationMs));
  // A turn stopped before the API answered has no usage: "0 in / 0 out tokens · $0.0000" says nothing.
  if ((item.inputTokens ?? 0) > 0 || (item.outputTokens ?? 0) > 0) parts.push(`${(item.inputTokens ?? 0).toLocaleString()} in / ${(item.outputTokens ?? 0).toLocaleString()} out tokens`);
  if (item.costUsd !== undefined && item.costUsd > 0) parts.push(`$${item.costUsd.toFixed(item.costUsd < 0.01 ? 4 : 2)}`);
  // Stopped by the person (Stop / Interrupt): what they asked for, so muted like Done, not red like a failure.
  const stopped = item.isError && item.terminalReason?.startsWith('aborted') === true;
  const status = stopped ? 'Stopped' : item.isError ? 'Ended with an error' : 'Done';
  return h('div', { class: item.isError && !stopped ? 'line footer-error' : 'line' }, icon(stopped ? 'debug-stop' : item.isError ? 'circle-slash' : 'check'), h('span', {}, [status, ...parts].join(' · ')));
}
