/**
 * Prototype of pool priming (see PERFORMANCE.md, "Priming"): after `initialize`, ask a warm process for its context
 * usage once. The CLI then builds its tool schemas (and the system prompt sections it counts) while the process waits
 * in the pool, instead of on the user's first prompt. Nothing is added to the conversation or the transcript.
 *
 * The change this stands for, in SessionManager.warm()'s spawn function (src/core/session/sessionManager.ts):
 *
 *   const init = await launched.process.initialize();
 *   if (shouldPrime(init)) await primeWarmProcess(launched.process);   // before the process counts as ready
 */
import type { CliProcess } from '../../src/core/process/cliProcess';

/**
 * get_context_usage counts tokens per category with the API's count_tokens endpoint (14 requests for a default
 * config; free on the first-party API). Where count_tokens is not available the CLI falls back to 14 non-streaming
 * `max_tokens: 1` messages calls, which are billed: prime only for the first-party API.
 */
export function shouldPrime(initializeResponse: Record<string, unknown>): boolean {
  const account = initializeResponse.account as { apiProvider?: string } | undefined;
  return account?.apiProvider === undefined || account.apiProvider === 'firstParty';
}

/** Bounded and best-effort: a process that cannot be primed is still a good warm process. */
export async function primeWarmProcess(proc: CliProcess, timeoutMs = 15_000): Promise<boolean> {
  try {
    await proc.control.request('get_context_usage', {}, timeoutMs);
    return true;
  } catch {
    return false;
  }
}
