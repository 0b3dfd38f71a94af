// Pure arithmetic of the virtual list: prefix sums of item heights, which items to render for a scroll position,
// and height estimates for items not measured yet. No DOM, unit-tested in Node.
import type { ChatItem } from '../protocol/chatProtocol';

export interface ListWindow {
  /** First item to render. */
  start: number;
  /** One past the last item to render. */
  end: number;
  /** Height of the items above `start` (the top spacer). */
  padTop: number;
  /** Height of the items from `end` on (the bottom spacer). */
  padBottom: number;
}

/** prefix[i] = total height of items 0..i-1; prefix[n] = total height. */
export function buildPrefix(heights: ArrayLike<number>): Float64Array {
  const prefix = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) prefix[i + 1] = prefix[i] + heights[i];
  return prefix;
}

/** The index of the item that contains `offset` (clamped to the list). */
export function indexAt(prefix: Float64Array, offset: number): number {
  const n = prefix.length - 1;
  if (n <= 0) return 0;
  if (offset <= 0) return 0;
  if (offset >= prefix[n]) return n - 1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (prefix[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The items that intersect [scrollTop - overscan, scrollTop + viewport + overscan]. `include` (e.g. the item holding
 * keyboard focus) is added when it is within `maxStretch` items of the window, so focus is never torn out of the page.
 */
export function computeWindow(prefix: Float64Array, scrollTop: number, viewport: number, overscan: number, include?: number, maxStretch = 50): ListWindow {
  const n = prefix.length - 1;
  if (n <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const total = prefix[n];
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, total - viewport)) - overscan);
  const bottom = Math.max(0, scrollTop) + viewport + overscan;
  let start = indexAt(prefix, top);
  let end = Math.min(n, indexAt(prefix, bottom) + 1);
  if (include !== undefined && include >= 0 && include < n) {
    if (include < start && start - include <= maxStretch) start = include;
    if (include >= end && include - end < maxStretch) end = include + 1;
  }
  return { start, end, padTop: prefix[start], padBottom: total - prefix[end] };
}

export function isNearBottom(scrollTop: number, viewport: number, scrollHeight: number, threshold = 24): boolean {
  return scrollHeight - (scrollTop + viewport) <= threshold;
}

/** A first guess at an item's height in px before it is rendered; measured heights replace it. */
export function estimateHeight(item: ChatItem, charsPerLine: number, lineHeight = 20): number {
  const lines = (text: string) => {
    let count = 0;
    for (const line of text.split('\n')) count += Math.max(1, Math.ceil(line.length / Math.max(20, charsPerLine)));
    return count;
  };
  switch (item.kind) {
    case 'user':
      return 24 + lines(item.text) * lineHeight + (item.images?.length ? 72 : 0);
    case 'assistant':
      return 16 + lines(item.text) * lineHeight;
    case 'tool':
      return 40;
    case 'permission':
      return 120;
    case 'thinking':
      return 32;
    case 'error':
      return 56;
    default:
      return 26;
  }
}
