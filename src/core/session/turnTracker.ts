import { AssistantMessage, CliMessage, ResultMessage, SystemMessage } from '../stream/cliMessages';
import { classifyResult } from '../errors/classify';
import { CliError } from '../errors/cliError';
import { QueuedPrompt, SessionInfo, TurnResult } from './sessionTypes';
import { ConversationPoint } from './conversationTip';

export interface PendingTurn {
  prompt: QueuedPrompt;
  /** Automatic retries already made for this prompt. */
  attempts?: number;
  /** Where the conversation stood when the prompt first went out (a retry goes back there). */
  startedFrom?: ConversationPoint;
  /** Set when this prompt is to go out again from that point, its failed attempt left behind. */
  resendFrom?: ConversationPoint;
  resolve(result: TurnResult): void;
  reject(err: Error): void;
}

/** Follows one running turn: remembers what classification needs and builds the TurnResult from the `result` line. */
export class TurnTracker {
  lastAssistant: AssistantMessage | undefined;
  lastRetry: SystemMessage | undefined;
  ranTools = false;
  firstTokenAt: number | undefined;

  constructor(
    readonly turn: PendingTurn,
    readonly startedAt: number,
  ) {}

  /** Remembers what classification and metrics need from a message of this turn. */
  note(m: CliMessage, now: number): void {
    if (m.type === 'assistant') this.noteAssistant(m, now);
    else if (m.type === 'stream_event') this.noteStreamDelta(now);
    else if (m.type === 'system' && m.subtype === 'api_retry') this.noteRetry(m);
  }

  noteAssistant(m: AssistantMessage, now: number): void {
    this.lastAssistant = m;
    this.firstTokenAt ??= now;
    if (m.message.content.some((b) => b.type === 'tool_use')) this.ranTools = true;
  }

  noteStreamDelta(now: number): void {
    this.firstTokenAt ??= now;
  }

  noteRetry(m: SystemMessage): void {
    this.lastRetry = m;
  }

  finish(m: ResultMessage, fallbackSessionId: string): { result: TurnResult; error: CliError | undefined } {
    const usage = m.usage ?? {};
    const result: TurnResult = {
      text: m.result ?? '',
      isError: m.is_error,
      subtype: m.subtype,
      costUsd: m.total_cost_usd ?? 0,
      inputTokens: (usage.input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0),
      outputTokens: usage.output_tokens ?? 0,
      durationMs: m.duration_ms ?? 0,
      sessionId: m.session_id ?? fallbackSessionId,
      permissionDenials: m.permission_denials?.length ? m.permission_denials.map((d) => d.tool_name) : undefined,
    };
    return { result, error: classifyResult(m, this.lastAssistant, this.lastRetry) };
  }

  /** The session's record once this turn ended: totals, activity, and which error banner stands. */
  settledInfo(data: SessionInfo, result: TurnResult, error: CliError | undefined, now: number): Partial<SessionInfo> {
    // A turn that went through clears the banner of a failure from before it (a notice raised during it stays); an
    // interrupt by the person leaves things as they were.
    const earlier = data.lastError && data.lastError.at < this.startedAt;
    const lastError = error ? (error.kind === 'interrupted' ? data.lastError : { kind: error.kind, message: error.message, action: error.nextStep, at: now }) : earlier ? undefined : data.lastError;
    return {
      state: 'idle',
      lastActiveAt: now,
      lastError,
      costUsd: data.costUsd + result.costUsd,
      inputTokens: data.inputTokens + result.inputTokens,
      outputTokens: data.outputTokens + result.outputTokens,
      turns: data.turns + 1,
    };
  }
}
