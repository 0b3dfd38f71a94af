// The host <-> chat webview protocol, declared once and imported by both bundles (conventions.md, habit 3).
// No vscode, no DOM, no Node: the webview bundle includes this file. Everything the webview sends is untrusted until
// parseWebviewMessage() has checked it; the validator is hand-written (not zod) so the webview bundle stays lean.
import { PermissionModes, type PermissionMode } from '../ids';

export { PermissionModes, type PermissionMode };

// ---------------------------------------------------------------------------------------------------------------
// View model: the transcript as an ordered list of items with stable ids.

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
export const ImageMediaTypes: readonly ImageMediaType[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export interface ImageAttachment {
  mediaType: ImageMediaType;
  base64: string;
}

export type ToolStatus = 'running' | 'done' | 'error' | 'denied';
export type PermissionStatus = 'pending' | 'allowed' | 'denied' | 'cancelled';

interface ItemBase {
  id: string;
  /** Set on messages of a sub-agent (Task tool): the tool_use id that spawned it. */
  parentToolUseId?: string;
}

export interface UserItem extends ItemBase {
  kind: 'user';
  text: string;
  images?: ImageAttachment[];
  /** Images that were left out of the view model because they were too large. */
  omittedImages?: number;
}
export interface AssistantItem extends ItemBase {
  kind: 'assistant';
  text: string;
  streaming: boolean;
}
export interface ThinkingItem extends ItemBase {
  kind: 'thinking';
  text: string;
  streaming: boolean;
  redacted?: boolean;
}
export interface ToolItem extends ItemBase {
  kind: 'tool';
  toolUseId: string;
  name: string;
  /** One line for the card header (the command, the pattern, the URL, …). */
  summary: string;
  filePath?: string;
  command?: string;
  /** The input as pretty JSON, trimmed. */
  detail?: string;
  /** Edit, Write and MultiEdit: the host can show the proposed change as a diff. */
  canDiff: boolean;
  status: ToolStatus;
  result?: string;
  resultTruncated?: boolean;
}
export interface PermissionItem extends ItemBase {
  kind: 'permission';
  requestId: string;
  toolUseId?: string;
  toolName: string;
  summary: string;
  description?: string;
  decisionReason?: string;
  filePath?: string;
  command?: string;
  canDiff: boolean;
  status: PermissionStatus;
}
export interface RetryItem extends ItemBase {
  kind: 'retry';
  text: string;
  attempt: number;
  maxRetries: number;
  delayMs: number;
  errorStatus?: number;
  error?: string;
}
export interface FooterItem extends ItemBase {
  kind: 'footer';
  durationMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  numTurns?: number;
  isError: boolean;
  subtype: string;
  terminalReason?: string;
}
export interface ErrorAction {
  label: string;
}
export interface ErrorItem extends ItemBase {
  kind: 'error';
  message: string;
  /** The webview shows a button with this label and posts `errorAction` with the item id; the host decides what it does. */
  action?: ErrorAction;
}
export interface InterruptedItem extends ItemBase {
  kind: 'interrupted';
  text: string;
}
export interface NoticeItem extends ItemBase {
  kind: 'notice';
  text: string;
}

export type ChatItem =
  | UserItem
  | AssistantItem
  | ThinkingItem
  | ToolItem
  | PermissionItem
  | RetryItem
  | FooterItem
  | ErrorItem
  | InterruptedItem
  | NoticeItem;
export type ChatItemKind = ChatItem['kind'];

/** What changed in one step: upserts keep an existing item's position; unknown ids are appended in order. */
export interface ItemChanges {
  upserts: ChatItem[];
  removes: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Session header.

export type SessionViewState = 'queued' | 'starting' | 'idle' | 'busy' | 'interrupted' | 'stopping' | 'stopped' | 'failed';

export interface QueuedPromptView {
  id: string;
  text: string;
  imageCount: number;
}

export interface SessionView {
  id: string;
  title: string;
  folderName: string;
  folderPath: string;
  model?: string;
  permissionMode: PermissionMode;
  state: SessionViewState;
  stateReason?: string;
  demo: boolean;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  turns: number;
  queue: QueuedPromptView[];
  lastError?: { kind: string; message: string; actionLabel?: string };
}

export interface MentionCandidate {
  /** Workspace-relative path inserted after the `@`. */
  path: string;
  /** The folder part, shown dimmed. */
  description?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Host -> webview.

export type HostMessage =
  | { type: 'snapshot'; session?: SessionView; items: ChatItem[]; modelChoices: string[] }
  | { type: 'items'; upserts: ChatItem[]; removes: string[] }
  | { type: 'session'; session?: SessionView }
  | { type: 'mentionResults'; requestId: number; items: MentionCandidate[] }
  /** A host-side problem to show as a dismissible banner (e.g. "that file is outside the workspace"). */
  | { type: 'banner'; level: 'error' | 'info'; message: string }
  /** Put text into the input (Ask Claude About Selection). */
  | { type: 'prefill'; text: string };

// ---------------------------------------------------------------------------------------------------------------
// Webview -> host.

export type PermissionAnswer = 'allow' | 'allowSession' | 'deny';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'send'; text: string; images: ImageAttachment[] }
  | { type: 'interrupt' }
  | { type: 'answerPermission'; requestId: string; answer: PermissionAnswer; reason?: string }
  | { type: 'setModel'; model: string }
  /** "Other…" in the model list: the host asks for a model name. */
  | { type: 'pickModel' }
  | { type: 'setPermissionMode'; mode: PermissionMode }
  | { type: 'editQueued'; promptId: string; text: string }
  | { type: 'removeQueued'; promptId: string }
  | { type: 'openFile'; path: string; line?: number }
  /** Exactly one of toolUseId / requestId: the host looks the tool input up itself. */
  | { type: 'openDiff'; toolUseId?: string; requestId?: string }
  | { type: 'insertCode'; code: string }
  | { type: 'newFileWithCode'; code: string; language?: string }
  | { type: 'copyText'; text: string }
  | { type: 'openLink'; href: string }
  | { type: 'mentionQuery'; requestId: number; query: string }
  /** The button of an error item, or of the session's last error (itemId = SessionErrorItemId). */
  | { type: 'errorAction'; itemId: string };

export const SessionErrorItemId = 'session:lastError';
export type WebviewMessageType = WebviewMessage['type'];

export const Limits = {
  promptChars: 500_000,
  images: 10,
  /** base64 characters per image (~7.5 MB of data). */
  imageBase64Chars: 10_000_000,
  idChars: 200,
  pathChars: 4_096,
  codeChars: 2_000_000,
  hrefChars: 8_192,
  reasonChars: 2_000,
  modelChars: 100,
  queryChars: 500,
} as const;

export type ParseResult = { ok: true; message: WebviewMessage } | { ok: false; error: string };

class Invalid extends Error {}

function str(o: Record<string, unknown>, key: string, max: number, opts: { optional?: boolean; nonEmpty?: boolean } = {}): string | undefined {
  const v = o[key];
  if (v === undefined && opts.optional) return undefined;
  if (typeof v !== 'string') throw new Invalid(`"${key}" must be a string`);
  if (v.length > max) throw new Invalid(`"${key}" is longer than ${max} characters`);
  if (opts.nonEmpty && v.length === 0) throw new Invalid(`"${key}" must not be empty`);
  return v;
}
const req = (o: Record<string, unknown>, key: string, max: number, nonEmpty = true) => str(o, key, max, { nonEmpty }) as string;

function int(o: Record<string, unknown>, key: string, min: number, max: number, optional = false): number | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new Invalid(`"${key}" must be an integer in ${min}..${max}`);
  return v;
}

function oneOf<T extends string>(o: Record<string, unknown>, key: string, values: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw new Invalid(`"${key}" must be one of ${values.join(', ')}`);
  return v as T;
}

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

function images(o: Record<string, unknown>): ImageAttachment[] {
  const v = o.images ?? [];
  if (!Array.isArray(v)) throw new Invalid('"images" must be an array');
  if (v.length > Limits.images) throw new Invalid(`at most ${Limits.images} images`);
  return v.map((img: unknown) => {
    if (!isRecord(img)) throw new Invalid('an image must be an object');
    const data = req(img, 'base64', Limits.imageBase64Chars);
    if (!base64.test(data)) throw new Invalid('image data is not base64');
    return { mediaType: oneOf(img, 'mediaType', ImageMediaTypes), base64: data };
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const parsers: { [K in WebviewMessageType]: (o: Record<string, unknown>) => Extract<WebviewMessage, { type: K }> } = {
  ready: () => ({ type: 'ready' }),
  send: (o) => {
    const text = req(o, 'text', Limits.promptChars, false);
    const imgs = images(o);
    if (text.trim() === '' && imgs.length === 0) throw new Invalid('empty prompt');
    return { type: 'send', text, images: imgs };
  },
  interrupt: () => ({ type: 'interrupt' }),
  answerPermission: (o) => {
    const reason = str(o, 'reason', Limits.reasonChars, { optional: true });
    return {
      type: 'answerPermission',
      requestId: req(o, 'requestId', Limits.idChars),
      answer: oneOf(o, 'answer', ['allow', 'allowSession', 'deny'] as const),
      ...(reason !== undefined ? { reason } : {}),
    };
  },
  setModel: (o) => {
    const model = req(o, 'model', Limits.modelChars);
    // Model names and aliases: claude-sonnet-4-5, sonnet, claude-opus-4-8[1m]. The CLI accepts anything, so we check.
    if (!/^[A-Za-z0-9][A-Za-z0-9._:\-[\]@/]*$/.test(model)) throw new Invalid('"model" has unexpected characters');
    return { type: 'setModel', model };
  },
  pickModel: () => ({ type: 'pickModel' }),
  setPermissionMode: (o) => ({ type: 'setPermissionMode', mode: oneOf(o, 'mode', PermissionModes) }),
  editQueued: (o) => ({ type: 'editQueued', promptId: req(o, 'promptId', Limits.idChars), text: req(o, 'text', Limits.promptChars) }),
  removeQueued: (o) => ({ type: 'removeQueued', promptId: req(o, 'promptId', Limits.idChars) }),
  openFile: (o) => {
    const path = req(o, 'path', Limits.pathChars);
    if (path.includes('\0')) throw new Invalid('"path" contains NUL');
    const line = int(o, 'line', 1, 10_000_000, true);
    return { type: 'openFile', path, ...(line !== undefined ? { line } : {}) };
  },
  openDiff: (o) => {
    const toolUseId = str(o, 'toolUseId', Limits.idChars, { optional: true, nonEmpty: true });
    const requestId = str(o, 'requestId', Limits.idChars, { optional: true, nonEmpty: true });
    if ((toolUseId === undefined) === (requestId === undefined)) throw new Invalid('exactly one of "toolUseId" and "requestId"');
    return toolUseId !== undefined ? { type: 'openDiff', toolUseId } : { type: 'openDiff', requestId };
  },
  insertCode: (o) => ({ type: 'insertCode', code: req(o, 'code', Limits.codeChars, false) }),
  newFileWithCode: (o) => {
    const language = str(o, 'language', 64, { optional: true });
    if (language !== undefined && !/^[\w+#.-]*$/.test(language)) throw new Invalid('"language" has unexpected characters');
    return { type: 'newFileWithCode', code: req(o, 'code', Limits.codeChars, false), ...(language ? { language } : {}) };
  },
  copyText: (o) => ({ type: 'copyText', text: req(o, 'text', Limits.codeChars, false) }),
  openLink: (o) => ({ type: 'openLink', href: req(o, 'href', Limits.hrefChars) }),
  mentionQuery: (o) => ({ type: 'mentionQuery', requestId: int(o, 'requestId', 0, Number.MAX_SAFE_INTEGER) as number, query: req(o, 'query', Limits.queryChars, false) }),
  errorAction: (o) => ({ type: 'errorAction', itemId: req(o, 'itemId', Limits.idChars) }),
};

/** Checks a message from the webview. Unknown types, missing or oversized fields and wrong types are rejected. */
export function parseWebviewMessage(value: unknown): ParseResult {
  if (!isRecord(value)) return { ok: false, error: 'not an object' };
  const type = value.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(parsers, type)) {
    return { ok: false, error: `unknown message type ${JSON.stringify(type)?.slice(0, 60)}` };
  }
  try {
    const parse = parsers[type as WebviewMessageType] as (o: Record<string, unknown>) => WebviewMessage;
    return { ok: true, message: parse(value) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: `${type}: ${err.message}` };
    throw err;
  }
}

/** Only http(s) links leave the editor; everything else is refused (the host checks again before openExternal). */
export function isExternalLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
