import { ChatItem, ItemChanges } from '../../protocol/chatProtocol';

/**
 * The ordered transcript with change tracking. Items are immutable values: an update stores a new object under the
 * same id and keeps its position; a new id goes to the end. `takeChanges()` returns what changed since the last call.
 */
export class ItemList {
  private readonly byId = new Map<string, ChatItem>();
  /** Insertion sequence per id: new ids always go last, so sorting by it gives list order. */
  private readonly seq = new Map<string, number>();
  private nextSeq = 0;
  private last: string | undefined;
  private changed = new Set<string>();
  private removed = new Set<string>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): ChatItem | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  put(item: ChatItem): void {
    if (!this.byId.has(item.id)) {
      this.seq.set(item.id, this.nextSeq++);
      this.last = item.id;
    }
    this.byId.set(item.id, item);
    this.changed.add(item.id);
    this.removed.delete(item.id);
  }

  /** Applies `fn` to the item if it exists and has the given kind. */
  update<K extends ChatItem['kind']>(id: string, kind: K, fn: (item: Extract<ChatItem, { kind: K }>) => Extract<ChatItem, { kind: K }>): boolean {
    const current = this.byId.get(id);
    if (!current || current.kind !== kind) return false;
    const next = fn(current as Extract<ChatItem, { kind: K }>);
    if (next !== current) this.put(next);
    return true;
  }

  remove(id: string): void {
    if (!this.byId.delete(id)) return;
    this.seq.delete(id);
    if (this.last === id) this.last = undefined;
    this.changed.delete(id);
    this.removed.add(id);
  }

  /** The id of the last item, if any. */
  lastId(): string | undefined {
    if (this.last === undefined) for (const id of this.byId.keys()) this.last = id;
    return this.last;
  }

  all(): ChatItem[] {
    return [...this.byId.values()];
  }

  takeChanges(): ItemChanges {
    // Upserts in list order, so a receiver that appends unknown ids rebuilds the same order.
    const ids = [...this.changed].sort((a, b) => (this.seq.get(a) ?? 0) - (this.seq.get(b) ?? 0));
    const upserts = ids.map((id) => this.byId.get(id) as ChatItem);
    const changes = { upserts, removes: [...this.removed] };
    this.changed = new Set();
    this.removed = new Set();
    return changes;
  }
}
