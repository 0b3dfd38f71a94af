import { ExponentialBackoff, IBackoff } from 'cockatiel';

/**
 * The delay before retry number `attempt` (0-based): cockatiel's exponential backoff with decorrelated jitter,
 * the same generator the folder policy's retry uses, so turn retries and spawn retries behave alike.
 */
export function backoffDelay(attempt: number, initialDelayMs: number, maxDelayMs = 30_000): number {
  let b: IBackoff<unknown> = new ExponentialBackoff({ initialDelay: initialDelayMs, maxDelay: maxDelayMs }).next();
  for (let i = 0; i < attempt; i++) b = b.next(undefined);
  return b.duration;
}
