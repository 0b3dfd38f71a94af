// Items built from one CLI line each: the per-turn footer (from `result`) and the retry notice (from api_retry).
import { FooterItem, RetryItem } from '../../protocol/chatProtocol';
import { ResultMessage, SystemMessage } from '../stream/cliMessages';

function num<K extends string>(key: K, v: number | undefined): { [P in K]?: number } {
  return (typeof v === 'number' && Number.isFinite(v) ? { [key]: v } : {}) as { [P in K]?: number };
}

/** 612 → "0.6 s", 2000 → "2 s", 34938 → "35 s". */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  if (s >= 10) return `${Math.round(s)} s`;
  return `${Number(s.toFixed(1))} s`;
}

/** Duration, tokens and cost of a turn; usage and cost are final only here (claude-cli-protocol.md §1). */
export function footerItem(msg: ResultMessage, id: string): FooterItem {
  return {
    kind: 'footer',
    id,
    isError: msg.is_error,
    subtype: msg.subtype,
    ...num('durationMs', msg.duration_ms),
    ...num('inputTokens', msg.usage?.input_tokens),
    ...num('outputTokens', msg.usage?.output_tokens),
    ...num('costUsd', msg.total_cost_usd),
    ...num('numTurns', msg.num_turns),
    ...(msg.terminal_reason ? { terminalReason: msg.terminal_reason } : {}),
  };
}

/** Why a failed turn failed, for an error item; the CLI's "[ede_diagnostic]" lines are not for people. */
export function resultErrorText(msg: ResultMessage): string {
  const reason = (msg.errors ?? []).find((e) => !e.startsWith('[ede_diagnostic]')) ?? msg.result;
  return reason && reason.trim() !== '' ? reason : `The turn ended with an error (${msg.subtype}).`;
}

/** "Retrying in 2 s (attempt 1 of 10): overloaded" (§6: the CLI backs off silently for up to ~3 minutes). */
export function retryItem(msg: SystemMessage, id: string): RetryItem {
  const attempt = msg.attempt ?? 0;
  const max = msg.max_retries ?? 0;
  const delay = msg.retry_delay_ms ?? 0;
  const reason = msg.error ?? (msg.error_status != null ? `HTTP ${msg.error_status}` : 'error');
  return {
    kind: 'retry',
    id,
    text: `Retrying in ${formatSeconds(delay)} (attempt ${attempt} of ${max}): ${reason}`,
    attempt,
    maxRetries: max,
    delayMs: delay,
    ...(msg.error_status != null ? { errorStatus: msg.error_status } : {}),
    ...(msg.error ? { error: msg.error } : {}),
  };
}
