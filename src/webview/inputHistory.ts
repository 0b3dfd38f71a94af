// Prompt history for the input box: Up at the start of the text goes back, Down at the end goes forward, and the
// draft that was being typed comes back after the newest entry. Pure, unit-tested in Node.

export class InputHistory {
  private entries: string[];
  /** entries.length means "the draft, not a history entry". */
  private pos: number;
  private draft = '';

  constructor(entries: readonly string[] = [], private readonly max = 100) {
    this.entries = entries.slice(-max);
    this.pos = this.entries.length;
  }

  all(): string[] {
    return [...this.entries];
  }

  push(text: string): void {
    if (text.trim() === '') return;
    if (this.entries[this.entries.length - 1] !== text) this.entries.push(text);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
    this.pos = this.entries.length;
    this.draft = '';
  }

  /** The older entry, or undefined at the oldest. `current` is the text in the box (kept as the draft). */
  previous(current: string): string | undefined {
    if (this.pos === 0 || this.entries.length === 0) return undefined;
    if (this.pos === this.entries.length) this.draft = current;
    this.pos--;
    return this.entries[this.pos];
  }

  next(): string | undefined {
    if (this.pos >= this.entries.length) return undefined;
    this.pos++;
    return this.pos === this.entries.length ? this.draft : this.entries[this.pos];
  }

  /** After the person edits the text, navigation starts from the newest entry again. */
  resetCursor(): void {
    this.pos = this.entries.length;
  }
}

/** Up recalls history only with the caret at the very start, so Up inside a multi-line prompt still moves the caret. */
export function caretAtStart(selectionStart: number, selectionEnd: number): boolean {
  return selectionStart === 0 && selectionEnd === 0;
}
export function caretAtEnd(value: string, selectionStart: number, selectionEnd: number): boolean {
  return selectionStart === value.length && selectionEnd === value.length;
}

/** The `@query` being typed just before the caret, if any. */
export function mentionAt(value: string, caret: number): { start: number; query: string } | undefined {
  const m = /(^|\s)@([^\s@]*)$/.exec(value.slice(0, caret));
  if (!m) return undefined;
  return { start: caret - m[2].length - 1, query: m[2] };
}
