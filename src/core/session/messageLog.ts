import { CliMessage } from '../stream/cliMessages';

/**
 * The messages of one session, for rebuilding a view. Stream deltas are only needed while a turn is live: the final
 * `assistant` lines carry the same content, so they are dropped when the turn ends and memory stays proportional to
 * the conversation, not to the number of tokens streamed.
 */
export class MessageLog {
  private items: CliMessage[] = [];
  private turnStart = 0;

  add(m: CliMessage): void {
    if (m.type === 'keep_alive') return;
    this.items.push(m);
  }

  seed(messages: readonly CliMessage[]): void {
    this.items = [...messages, ...this.items];
    this.turnStart = this.items.length;
  }

  compactAfterTurn(): void {
    const kept = this.items.slice(0, this.turnStart);
    for (let i = this.turnStart; i < this.items.length; i++) {
      const m = this.items[i];
      if (m.type !== 'stream_event' && m.type !== 'control_response') kept.push(m);
    }
    this.items = kept;
    this.turnStart = kept.length;
  }

  all(): readonly CliMessage[] {
    return this.items;
  }
}
