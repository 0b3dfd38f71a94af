// Turns the CLI's message stream (and transcript file lines) into the chat's ordered list of items with stable ids.
// Pure and incremental: every public call returns only what changed, so the host posts upserts, not the transcript.
// The CLI facts it relies on are in claude-cli-protocol.md §1–§6 (assistant lines per block merged by message.id,
// tool_use ↔ tool_result pairing in any order, can_use_tool requests, api_retry lines, result per turn).
import { ChatItem, ErrorAction, ImageAttachment, ItemChanges, PermissionStatus, ToolItem } from '../../protocol/chatProtocol';
import { PermissionRequest, toPermissionRequest } from '../control/permissions';
import { AssistantMessage, CliMessage, ContentBlock, ResultMessage, StreamEventMessage, SystemMessage, UserMessage } from '../stream/cliMessages';
import { footerItem, resultErrorText, retryItem } from './turnItems';
import { isCommandEcho, localCommandOutput, splitUserContent } from './userContent';
import { ItemList } from './itemList';
import { LiveBlock, LiveBlocks, LiveKind } from './liveBlocks';
import { describeTool, looksLikeDenial, resultText } from './toolView';
import { transcriptLineToMessage } from './transcriptLines';

/** What the host does when the person presses an error item's button. */
export type ErrorActionKind = 'retry' | 'setCredentials';

interface ToolCall {
  name: string;
  input: Record<string, unknown>;
}
interface PendingPermission {
  request: PermissionRequest;
  itemId: string;
}


export class TranscriptReducer {
  private readonly list = new ItemList();
  private readonly live = new LiveBlocks();
  private readonly seenUuids = new Set<string>();
  private readonly blockCount = new Map<string, number>();
  private readonly tools = new Map<string, ToolCall>();
  /** Tool calls of the current turn still waiting for their result. */
  private readonly openTools = new Set<string>();
  private readonly earlyResults = new Map<string, { content: unknown; isError: boolean }>();
  private readonly permissions = new Map<string, PendingPermission>();
  private readonly permissionByTool = new Map<string, string>();
  private readonly errorActions = new Map<string, ErrorActionKind>();
  private readonly localPrompts: string[] = [];
  private counter = 0;
  private retryItemId: string | undefined;
  private turnHadError = false;

  // ------------------------------------------------------------------ public API

  apply(msg: CliMessage): ItemChanges {
    this.feed(msg);
    return this.list.takeChanges();
  }

  /** Many messages at once (a rebuild): one change set. */
  applyAll(msgs: Iterable<CliMessage>): ItemChanges {
    for (const msg of msgs) this.feed(msg);
    return this.list.takeChanges();
  }

  /** Lines of a transcript file (parsed JSON); types the chat does not show are skipped. */
  applyTranscriptLines(lines: Iterable<unknown>): ItemChanges {
    for (const line of lines) {
      const msg = transcriptLineToMessage(line);
      if (msg) this.feed(msg);
    }
    return this.list.takeChanges();
  }

  /**
   * A prompt the person sent from this chat. The CLI does not print prompts unless --replay-user-messages is on; when
   * it does, the echo is matched against these and not shown twice.
   */
  addUserPrompt(text: string, images: readonly ImageAttachment[] = []): ItemChanges {
    this.localPrompts.push(text);
    this.putUser(`u:local:${this.counter++}`, text, images.map((i) => ({ ...i })), 0);
    return this.list.takeChanges();
  }

  permissionRequested(request: PermissionRequest): ItemChanges {
    this.onPermissionRequest(request);
    return this.list.takeChanges();
  }

  permissionSettled(requestId: string, outcome: Exclude<PermissionStatus, 'pending'>): ItemChanges {
    this.settlePermission(requestId, outcome);
    return this.list.takeChanges();
  }

  /** An error from outside the stream (a failed send, a crashed process). Returns the changes and the item id. */
  addError(message: string, action?: { label: string; kind: ErrorActionKind }): ItemChanges & { id: string } {
    const id = this.putError(message, action);
    return { ...this.list.takeChanges(), id };
  }

  items(): ChatItem[] {
    return this.list.all();
  }

  item(id: string): ChatItem | undefined {
    return this.list.get(id);
  }

  toolCall(toolUseId: string): ToolCall | undefined {
    return this.tools.get(toolUseId);
  }

  permission(requestId: string): PermissionRequest | undefined {
    return this.permissions.get(requestId)?.request;
  }

  errorAction(itemId: string): ErrorActionKind | undefined {
    return this.errorActions.get(itemId);
  }

  // ------------------------------------------------------------------ dispatch

  private feed(msg: CliMessage): void {
    switch (msg.type) {
      case 'stream_event':
        return this.onStreamEvent(msg);
      case 'assistant':
        if (this.seen(msg.uuid)) return;
        return this.onAssistant(msg);
      case 'user':
        if (this.seen(msg.uuid)) return;
        return this.onUser(msg);
      case 'result':
        return this.onResult(msg);
      case 'system':
        return this.onSystem(msg);
      case 'control_request':
        if (msg.request.subtype === 'can_use_tool') this.onPermissionRequest(toPermissionRequest(msg.request_id, msg.request, 0));
        return;
      case 'control_cancel_request':
        return this.settlePermission(msg.request_id, 'cancelled');
      default:
        return;
    }
  }

  private seen(uuid: string | undefined): boolean {
    if (uuid === undefined) return false;
    if (this.seenUuids.has(uuid)) return true;
    this.seenUuids.add(uuid);
    return false;
  }

  // ------------------------------------------------------------------ streaming

  private onStreamEvent(msg: StreamEventMessage): void {
    const scope = msg.parent_tool_use_id ?? '';
    const parent = msg.parent_tool_use_id ?? undefined;
    const ev = msg.event;
    if (ev.type === 'message_start') {
      const id = (ev.message as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') this.dropLive(this.live.start(scope, id));
      return;
    }
    const msgId = this.live.currentMessage(scope);
    if (msgId === undefined || typeof ev.index !== 'number') return;
    const key = LiveBlocks.key(msgId, ev.index);
    if (ev.type === 'content_block_start') {
      const cb = (ev.content_block ?? {}) as ContentBlock;
      const kind: LiveKind | undefined = cb.type === 'text' ? 'text' : cb.type === 'thinking' ? 'thinking' : cb.type === 'tool_use' ? 'tool_use' : undefined;
      if (!kind) return;
      const block: LiveBlock = { key, scope, msgId, index: ev.index, kind, itemId: kind === 'thinking' ? `th:${key}` : `a:${key}`, text: '' };
      if (kind === 'tool_use' && typeof cb.id === 'string') {
        block.toolUseId = cb.id;
        block.toolName = typeof cb.name === 'string' ? cb.name : 'tool';
        block.itemId = `tool:${cb.id}`;
        this.putTool(cb.id, block.toolName, {}, parent);
      } else if (kind === 'tool_use') return;
      this.live.open(block);
      return;
    }
    if (ev.type !== 'content_block_delta') return;
    const block = this.live.get(key);
    const delta = (ev.delta ?? {}) as { type?: string; text?: unknown; thinking?: unknown };
    if (!block) return;
    if (delta.type === 'text_delta' && typeof delta.text === 'string' && block.kind === 'text') {
      block.text += delta.text;
      this.list.put({ kind: 'assistant', id: block.itemId, text: block.text, streaming: true, ...(parent ? { parentToolUseId: parent } : {}) });
    } else if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string' && block.kind === 'thinking') {
      block.text += delta.thinking;
      this.list.put({ kind: 'thinking', id: block.itemId, text: block.text, streaming: true, ...(parent ? { parentToolUseId: parent } : {}) });
    }
  }

  private dropLive(blocks: LiveBlock[]): void {
    for (const b of blocks) {
      this.list.remove(b.itemId);
      if (b.toolUseId && !this.list.has(`tool:${b.toolUseId}`)) this.tools.delete(b.toolUseId);
    }
  }

  // ------------------------------------------------------------------ assistant

  private onAssistant(msg: AssistantMessage): void {
    const scope = msg.parent_tool_use_id ?? '';
    const parent = msg.parent_tool_use_id ?? undefined;
    const msgId = msg.message.id;
    this.dropLive(this.live.dropStale(scope, msgId));
    this.retryItemId = undefined;
    if (msg.error !== undefined || msg.message.model === '<synthetic>') {
      // An API failure the CLI gave up on (§6): a synthetic message, not a reply.
      const text = msg.message.content.map((b) => (typeof b.text === 'string' ? b.text : '')).join('\n').trim();
      this.turnHadError = true;
      const credentials = msg.error === 'authentication_failed';
      this.putError(text || 'The API request failed.', credentials ? { label: 'Set Credentials…', kind: 'setCredentials' } : { label: 'Retry', kind: 'retry' });
      return;
    }
    for (const block of msg.message.content) {
      const index = this.blockCount.get(msgId) ?? 0;
      this.blockCount.set(msgId, index + 1);
      const key = LiveBlocks.key(msgId, index);
      const p = parent ? { parentToolUseId: parent } : {};
      if (block.type === 'text' && typeof block.text === 'string') {
        const liveBlock = this.live.take(msgId, index, 'text');
        if (block.text.trim() === '' && !liveBlock) continue;
        this.list.put({ kind: 'assistant', id: liveBlock?.itemId ?? `a:${key}`, text: block.text, streaming: false, ...p });
      } else if (block.type === 'thinking' || block.type === 'redacted_thinking') {
        const liveBlock = this.live.take(msgId, index, 'thinking');
        const redacted = block.type === 'redacted_thinking';
        const text = typeof block.thinking === 'string' ? block.thinking : '';
        this.list.put({ kind: 'thinking', id: liveBlock?.itemId ?? `th:${key}`, text, streaming: false, ...(redacted ? { redacted } : {}), ...p });
      } else if (block.type === 'tool_use' && typeof block.id === 'string') {
        const liveBlock = this.live.take(msgId, index, 'tool_use');
        if (liveBlock && liveBlock.toolUseId !== block.id) this.dropLive([liveBlock]);
        const input = block.input && typeof block.input === 'object' && !Array.isArray(block.input) ? block.input : {};
        this.putTool(block.id, typeof block.name === 'string' ? block.name : 'tool', input, parent);
      }
    }
  }

  private putTool(toolUseId: string, name: string, input: Record<string, unknown>, parent: string | undefined): void {
    this.tools.set(toolUseId, { name, input });
    this.openTools.add(toolUseId);
    const id = `tool:${toolUseId}`;
    const prev = this.list.get(id) as ToolItem | undefined;
    const item: ToolItem = {
      kind: 'tool',
      id,
      toolUseId,
      name,
      ...describeTool(name, input),
      status: prev?.status ?? 'running',
      ...(prev?.result !== undefined ? { result: prev.result } : {}),
      ...(prev?.resultTruncated ? { resultTruncated: true } : {}),
      ...(parent ? { parentToolUseId: parent } : {}),
    };
    this.list.put(item);
    const early = this.earlyResults.get(toolUseId);
    if (early) {
      this.earlyResults.delete(toolUseId);
      this.applyToolResult(toolUseId, early.content, early.isError);
    }
  }

  private applyToolResult(toolUseId: string, content: unknown, isError: boolean): void {
    const id = `tool:${toolUseId}`;
    if (!this.list.has(id)) {
      // The result came first (transcripts, parallel tools): keep it until the tool_use arrives.
      this.earlyResults.set(toolUseId, { content, isError });
      return;
    }
    this.openTools.delete(toolUseId);
    const { text, truncated } = resultText(content);
    const requestId = this.permissionByTool.get(toolUseId);
    const permission = requestId ? (this.list.get(`perm:${requestId}`) as { status?: PermissionStatus } | undefined) : undefined;
    const denied = isError && (permission?.status === 'denied' || looksLikeDenial(text));
    this.list.update(id, 'tool', (t) => ({ ...t, status: !isError ? 'done' : denied ? 'denied' : 'error', result: text, ...(truncated ? { resultTruncated: true } : {}) }));
    // A rebuilt view (or a missed settle event) learns the outcome from the result itself.
    if (requestId && permission?.status === 'pending') this.settlePermission(requestId, isError ? 'denied' : 'allowed');
  }

  // ------------------------------------------------------------------ user

  private onUser(msg: UserMessage): void {
    if (msg.isMeta === true) return;
    const content = splitUserContent(msg.message.content);
    for (const r of content.toolResults) this.applyToolResult(r.toolUseId, r.content, r.isError);
    // The CLI writes "[Request interrupted by user]" for the person's Stop and also when we end a turn ourselves (a
    // reload, a shutdown): the note says only what happened.
    for (const kind of content.interrupts) this.putNote('interrupted', kind === 'tool' ? 'Interrupted during tool use' : 'Interrupted', msg.uuid);
    const { text, images, omittedImages } = content;
    if (text === '' && images.length === 0 && omittedImages === 0) return;
    const output = localCommandOutput(text);
    if (output !== undefined) {
      if (output !== '') this.putNote('notice', output, msg.uuid);
      return;
    }
    if (isCommandEcho(text) || this.matchLocalPrompt(text)) return;
    this.putUser(`u:${msg.uuid ?? this.counter++}`, text, images, omittedImages);
  }

  /** True when the text is the echo of prompts this chat already shows (queued ones arrive joined with "\n", §3). */
  private matchLocalPrompt(text: string): boolean {
    for (let i = 0; i < this.localPrompts.length; i++) {
      let joined = '';
      for (let j = i; j < this.localPrompts.length; j++) {
        joined = j === i ? this.localPrompts[j] : `${joined}\n${this.localPrompts[j]}`;
        if (joined === text) {
          this.localPrompts.splice(i, j - i + 1);
          return true;
        }
        if (joined.length >= text.length) break;
      }
    }
    return false;
  }

  private putUser(id: string, text: string, images: ImageAttachment[], omitted: number): void {
    this.list.put({ kind: 'user', id, text, ...(images.length > 0 ? { images } : {}), ...(omitted > 0 ? { omittedImages: omitted } : {}) });
  }

  private putNote(kind: 'interrupted' | 'notice', text: string, uuid: string | undefined): void {
    const prefix = kind === 'interrupted' ? 'int' : 'note';
    this.list.put({ kind, id: `${prefix}:${uuid ?? this.counter++}`, text });
  }

  private putError(message: string, action?: { label: string; kind: ErrorActionKind }): string {
    const id = `err:${this.counter++}`;
    const a: ErrorAction | undefined = action ? { label: action.label } : undefined;
    this.list.put({ kind: 'error', id, message, ...(a ? { action: a } : {}) });
    if (action) this.errorActions.set(id, action.kind);
    return id;
  }

  // ------------------------------------------------------------------ permissions

  private onPermissionRequest(request: PermissionRequest): void {
    if (this.permissions.has(request.requestId)) return;
    const itemId = `perm:${request.requestId}`;
    this.permissions.set(request.requestId, { request, itemId });
    if (request.toolUseId) this.permissionByTool.set(request.toolUseId, request.requestId);
    const view = describeTool(request.toolName, request.input);
    this.list.put({
      kind: 'permission',
      id: itemId,
      requestId: request.requestId,
      ...(request.toolUseId ? { toolUseId: request.toolUseId } : {}),
      toolName: request.displayName ?? request.toolName,
      summary: view.summary,
      ...(request.description ? { description: request.description } : {}),
      ...(request.decisionReason ? { decisionReason: request.decisionReason } : {}),
      ...(view.filePath ? { filePath: view.filePath } : {}),
      ...(view.command ? { command: view.command } : {}),
      canDiff: view.canDiff,
      status: 'pending',
    });
  }

  private settlePermission(requestId: string, outcome: Exclude<PermissionStatus, 'pending'>): void {
    this.list.update(`perm:${requestId}`, 'permission', (p) => (p.status === 'pending' ? { ...p, status: outcome } : p));
  }

  // ------------------------------------------------------------------ result and system

  private onResult(msg: ResultMessage): void {
    for (const block of this.live.drain()) {
      // The turn is over: what streamed stays as it was seen; a tool call that never completed never ran.
      if (block.kind === 'tool_use') this.dropLive([block]);
      else this.list.update(block.itemId, block.kind === 'text' ? 'assistant' : 'thinking', (i) => ({ ...i, streaming: false }));
    }
    for (const d of msg.permission_denials ?? []) {
      if (d.tool_use_id) this.list.update(`tool:${d.tool_use_id}`, 'tool', (t) => ({ ...t, status: 'denied' }));
    }
    for (const { itemId } of this.permissions.values()) this.list.update(itemId, 'permission', (p) => (p.status === 'pending' ? { ...p, status: 'cancelled' } : p));
    const aborted = msg.terminal_reason?.startsWith('aborted') === true;
    if (aborted) {
      for (const id of this.openTools) this.list.update(`tool:${id}`, 'tool', (t) => (t.status === 'running' ? { ...t, status: 'error', result: t.result ?? 'Interrupted.' } : t));
    }
    this.openTools.clear();
    if (msg.is_error && !aborted && !this.turnHadError) this.putError(resultErrorText(msg));
    this.list.put(footerItem(msg, `r:${msg.uuid ?? this.counter++}`));
    this.retryItemId = undefined;
    this.turnHadError = false;
  }

  private onSystem(msg: SystemMessage): void {
    switch (msg.subtype) {
      case 'api_retry': {
        // Consecutive retries update one line instead of stacking ten.
        const id = this.retryItemId !== undefined && this.list.lastId() === this.retryItemId ? this.retryItemId : `retry:${msg.uuid ?? this.counter++}`;
        this.retryItemId = id;
        this.list.put(retryItem(msg, id));
        return;
      }
      case 'model_fallback': {
        const text = typeof msg.content === 'string' ? msg.content : `Switched to ${String(msg.fallback_model ?? 'another model')}`;
        return this.putNote('notice', text, msg.uuid);
      }
      case 'compact_boundary':
        return this.putNote('notice', 'Conversation compacted', msg.uuid);
      default:
        return;
    }
  }
}
