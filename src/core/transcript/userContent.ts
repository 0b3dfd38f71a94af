// What a `user` line carries: tool results, interrupt markers, or a prompt (text with reminders stripped, images).
import { ImageAttachment, ImageMediaType, ImageMediaTypes } from '../../protocol/chatProtocol';
import { ContentBlock } from '../stream/cliMessages';

/** Larger images stay out of the view model (they would bloat every snapshot); the item counts them instead. */
const MaxImageChars = 2_000_000;
const interruptMarker = /^\[Request interrupted by user( for tool use)?\]$/;

export interface UserContent {
  toolResults: { toolUseId: string; content: unknown; isError: boolean }[];
  /** "[Request interrupted by user]" markers (§4, §7): 'tool' for the "for tool use" variant. */
  interrupts: ('turn' | 'tool')[];
  text: string;
  images: ImageAttachment[];
  omittedImages: number;
}

export function splitUserContent(content: string | ContentBlock[]): UserContent {
  const blocks: ContentBlock[] = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
  const out: UserContent = { toolResults: [], interrupts: [], text: '', images: [], omittedImages: 0 };
  const texts: string[] = [];
  for (const block of blocks) {
    if (block.type === 'tool_result' && typeof block.tool_use_id === 'string') {
      out.toolResults.push({ toolUseId: block.tool_use_id, content: block.content, isError: block.is_error === true });
    } else if (block.type === 'text' && typeof block.text === 'string') {
      const text = block.text.replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '').trim();
      const marker = interruptMarker.exec(text);
      if (marker) out.interrupts.push(marker[1] ? 'tool' : 'turn');
      else if (text !== '') texts.push(text);
    } else if (block.type === 'image') {
      const img = imageOf(block);
      if (img && img.base64.length <= MaxImageChars) out.images.push(img);
      else out.omittedImages++;
    }
  }
  out.text = texts.join('\n');
  return out;
}

/** The output that set_model and slash commands echo as a replayed user line (§4), if this is one. */
export function localCommandOutput(text: string): string | undefined {
  return /<local-command-stdout>([\s\S]*?)<\/local-command-stdout>/.exec(text)?.[1].trim();
}

/** Bookkeeping lines of slash commands in transcripts: not something the person typed. */
export function isCommandEcho(text: string): boolean {
  return /^<(command-name|command-message|local-command-caveat)>/.test(text);
}

function imageOf(block: ContentBlock): ImageAttachment | undefined {
  const src = block.source as { type?: unknown; media_type?: unknown; data?: unknown } | undefined;
  if (!src || src.type !== 'base64' || typeof src.data !== 'string') return undefined;
  if (!ImageMediaTypes.includes(src.media_type as ImageMediaType)) return undefined;
  return { mediaType: src.media_type as ImageMediaType, base64: src.data };
}
