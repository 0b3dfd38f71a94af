// The webview's copy of the transcript: an ordered array mirrored from the host's snapshot and upserts.
// Pure (no DOM) so the unit tests replay the reducer's change sets through it.
import type { ChatItem, ItemChanges } from '../protocol/chatProtocol';

export class ItemStore {
  private list: ChatItem[] = [];
  private index = new Map<string, number>();
  /** Bumped on every change, so views can tell whether to re-render. */
  version = 0;

  get length(): number {
    return this.list.length;
  }

  at(i: number): ChatItem {
    return this.list[i];
  }

  get(id: string): ChatItem | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.list[i];
  }

  indexOf(id: string): number {
    return this.index.get(id) ?? -1;
  }

  all(): readonly ChatItem[] {
    return this.list;
  }

  reset(items: readonly ChatItem[]): void {
    this.list = [...items];
    this.index = new Map(this.list.map((item, i) => [item.id, i]));
    this.version++;
  }

  /** Applies a change set; returns the ids whose content changed (new ones included). */
  apply(changes: ItemChanges): Set<string> {
    const touched = new Set<string>();
    if (changes.removes.length > 0) {
      const gone = new Set(changes.removes);
      this.list = this.list.filter((item) => !gone.has(item.id));
      this.index = new Map(this.list.map((item, i) => [item.id, i]));
      for (const id of gone) touched.add(id);
    }
    for (const item of changes.upserts) {
      const i = this.index.get(item.id);
      if (i === undefined) {
        this.index.set(item.id, this.list.length);
        this.list.push(item);
      } else this.list[i] = item;
      touched.add(item.id);
    }
    if (touched.size > 0) this.version++;
    return touched;
  }
}
