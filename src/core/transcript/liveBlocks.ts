// Live text from --include-partial-messages stream_events (claude-cli-protocol.md §1): one block per
// (message.id, index), replaced by the final `assistant` line for that block. A new message_start, or an assistant line
// for another message id, means the streamed attempt was abandoned (a cut stream retried without streaming, §6), so
// its unfinished blocks are dropped. Streams are scoped by parent_tool_use_id: parallel sub-agents stream side by side.

export type LiveKind = 'text' | 'thinking' | 'tool_use';

export interface LiveBlock {
  key: string;
  scope: string;
  msgId: string;
  index: number;
  kind: LiveKind;
  itemId: string;
  text: string;
  toolUseId?: string;
  toolName?: string;
}

export class LiveBlocks {
  private readonly blocks = new Map<string, LiveBlock>();
  private readonly current = new Map<string, string>();

  static key(msgId: string, index: number): string {
    return `${msgId}:${index}`;
  }

  currentMessage(scope: string): string | undefined {
    return this.current.get(scope);
  }

  /** Starts a message in a scope; returns the unfinished blocks it supersedes. */
  start(scope: string, msgId: string): LiveBlock[] {
    const dropped = this.dropStale(scope, undefined);
    this.current.set(scope, msgId);
    return dropped;
  }

  /** Unfinished blocks in the scope that belong to another message than `keep` (all of them when keep is undefined). */
  dropStale(scope: string, keep: string | undefined): LiveBlock[] {
    const dropped: LiveBlock[] = [];
    for (const [key, block] of this.blocks) {
      if (block.scope === scope && block.msgId !== keep) {
        dropped.push(block);
        this.blocks.delete(key);
      }
    }
    if (keep === undefined || this.current.get(scope) !== keep) this.current.delete(scope);
    return dropped;
  }

  open(block: LiveBlock): void {
    this.blocks.set(block.key, block);
  }

  get(key: string): LiveBlock | undefined {
    return this.blocks.get(key);
  }

  /** Takes the block the final assistant line completes: the same index, else the first open block of that kind. */
  take(msgId: string, index: number, kind: LiveKind): LiveBlock | undefined {
    let block = this.blocks.get(LiveBlocks.key(msgId, index));
    if (!block || block.kind !== kind) {
      block = undefined;
      for (const b of this.blocks.values()) {
        if (b.msgId === msgId && b.kind === kind && (!block || b.index < block.index)) block = b;
      }
    }
    if (block) this.blocks.delete(block.key);
    return block;
  }

  /** Everything still open (at the end of a turn). */
  drain(): LiveBlock[] {
    const all = [...this.blocks.values()];
    this.blocks.clear();
    this.current.clear();
    return all;
  }
}
