import { randomUUID } from 'node:crypto';
import { UserImage } from '../control/stdinWriter';
import { CliError } from '../errors/cliError';
import { PendingTurn } from './turnTracker';
import { ConversationPoint } from './conversationTip';
import { QueuedPrompt, TurnResult } from './sessionTypes';

/**
 * A session's prompts in order. The head is the running turn (once one starts); the rest are visible, editable and
 * removable, and go out one turn each when the turn before them ends — sending never interrupts.
 */
export class PromptQueue {
  private readonly items: PendingTurn[] = [];

  constructor(private readonly now: () => number) {}

  get length(): number {
    return this.items.length;
  }

  get head(): PendingTurn | undefined {
    return this.items[0];
  }

  /** Prompts still waiting (everything but the running turn). */
  waiting(running: PendingTurn | undefined): QueuedPrompt[] {
    return this.items.filter((t) => t !== running).map((t) => t.prompt);
  }

  add(text: string, images: readonly UserImage[], resendFrom?: ConversationPoint): Promise<TurnResult> {
    return new Promise<TurnResult>((resolve, reject) => {
      this.items.push({ prompt: { id: randomUUID(), text, images: [...images], queuedAt: this.now() }, resendFrom, startedFrom: resendFrom, resolve, reject });
    });
  }

  /** Prompts from before a reload: nobody awaits them, they go out when the user resumes or sends. */
  restore(texts: readonly string[]): void {
    for (const text of texts) this.items.push({ prompt: { id: randomUUID(), text, images: [], queuedAt: this.now() }, resolve: () => undefined, reject: () => undefined });
  }

  edit(promptId: string, text: string, running: PendingTurn | undefined): boolean {
    const t = this.items.find((w) => w.prompt.id === promptId && w !== running);
    if (!t || !text.trim()) return false;
    t.prompt.text = text;
    return true;
  }

  remove(promptId: string, running: PendingTurn | undefined): boolean {
    const i = this.items.findIndex((w) => w.prompt.id === promptId && w !== running);
    if (i < 0) return false;
    const [t] = this.items.splice(i, 1);
    t.reject(new CliError('interrupted', 'Removed from the queue.'));
    return true;
  }

  delete(turn: PendingTurn): void {
    const i = this.items.indexOf(turn);
    if (i >= 0) this.items.splice(i, 1);
  }

  rejectAll(err: Error): void {
    for (const t of this.items.splice(0)) t.reject(err);
  }
}

/** A session's title: the first line of its first prompt, shortened. */
export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0].replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'New session';
}
