import { CliMessage } from '../stream/cliMessages';
import { QueuedPrompt } from './sessionTypes';

/** Where a conversation stood: nothing said yet, after a known transcript entry, or unknown (resumed without its history). */
export type ConversationPoint = { kind: 'empty' } | { kind: 'entry'; uuid: string } | { kind: 'unknown' };

/**
 * Follows the last entry the CLI added to the conversation (the uuids of its user and assistant lines), so that a
 * failed turn that ran no tool can be sent again from the point before it (`--resume-session-at`): the model then
 * sees the prompt once, not once per attempt. Only a known point allows that; otherwise the prompt is simply resent.
 */
export class ConversationTip {
  private point: ConversationPoint;
  private resumeAt: string | undefined;
  /** The last turn, if it failed without running a tool: "Retry" may send it again from before it. */
  private lastFailure: { prompt: QueuedPrompt; from: ConversationPoint } | undefined;
  /** The conversation and user-line uuid of the last prompt that went out. */
  lastAttempt: { conversationId: string | undefined; promptUuid: string } | undefined;

  constructor(known: 'empty' | 'unknown') {
    this.point = { kind: known };
  }

  get current(): ConversationPoint {
    return this.point;
  }

  /** A message from the CLI's stdout or from its transcript, in order. */
  note(m: CliMessage): void {
    if ((m.type === 'user' || m.type === 'assistant') && typeof m.uuid === 'string') this.point = { kind: 'entry', uuid: m.uuid };
  }

  reset(kind: 'empty' | 'unknown'): void {
    this.point = { kind };
    this.resumeAt = undefined;
  }

  /** A turn ended; `failedToolFree` when it failed (not by an interrupt) without running a tool. */
  turnEnded(prompt: QueuedPrompt, from: ConversationPoint | undefined, failedToolFree: boolean): void {
    this.lastFailure = failedToolFree && from ? { prompt, from } : undefined;
  }

  /** Where to send this prompt again from, if it is the last turn and that failed without running a tool. */
  beforeFailed(prompt: QueuedPrompt): ConversationPoint | undefined {
    return this.lastFailure?.prompt === prompt ? this.lastFailure.from : undefined;
  }

  /**
   * Goes back to `point`: 'afresh' when nothing came before it (the retry starts a new conversation), 'resume' when the
   * next process must resume up to it (see takeResumeAt), undefined when the point is unknown.
   */
  rewind(point: ConversationPoint | undefined): 'afresh' | 'resume' | undefined {
    if (!point || point.kind === 'unknown') return undefined;
    this.lastFailure = undefined;
    this.point = point;
    this.resumeAt = point.kind === 'entry' ? point.uuid : undefined;
    return point.kind === 'empty' ? 'afresh' : 'resume';
  }

  /** The entry the next process resumes up to, once. */
  takeResumeAt(): string | undefined {
    const at = this.resumeAt;
    this.resumeAt = undefined;
    return at;
  }
}
