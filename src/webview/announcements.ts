// What a screen reader hears as the conversation goes on. The transcript is virtualised: items leave and re-enter the
// DOM as it scrolls, so it is not a live region itself (every re-added item would be read again). Instead, changes
// that arrive live are put into words here and spoken once through a separate polite status region.
import type { ChatItem } from '../protocol/chatProtocol';

const MaxChars = 300;

/** The sentence to announce for an item that was added or changed live (`before`: its previous version), if any. */
export function announcementFor(before: ChatItem | undefined, item: ChatItem): string | undefined {
  switch (item.kind) {
    case 'assistant':
      // Once, when the reply is complete: streaming deltas would be read word by word.
      if (item.streaming || (before?.kind === 'assistant' && !before.streaming) || item.parentToolUseId) return undefined;
      return item.text.trim() ? `Claude: ${clip(item.text)}` : undefined;
    case 'permission':
      if (item.status !== 'pending' || before) return undefined;
      return `Claude asks to use ${item.toolName}: ${clip(item.summary)}. Allow or deny it in the conversation.`;
    case 'error':
      return before ? undefined : `Error: ${clip(item.message)}`;
    case 'interrupted':
      return before ? undefined : item.text;
    case 'footer':
      return before || !item.isError ? undefined : 'The turn ended with an error.';
    default:
      return undefined;
  }
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MaxChars ? `${flat.slice(0, MaxChars - 1)}…` : flat;
}
