import {
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
} from 'cockatiel';
import { CliError } from '../errors/cliError';
import { Emitter } from '../util/emitter';

export interface ResilienceSettings {
  maxRetries: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
  /** First retry delay; doubles each time, with jitter (cockatiel's ExponentialBackoff). */
  initialDelayMs?: number;
}

export type BreakerState = 'closed' | 'open' | 'halfOpen' | 'isolated';

/**
 * One folder's policies (cockatiel): a circuit breaker that stops hammering a failing binary or backend, and a retry
 * with exponential backoff and jitter for what is safe to repeat. Only failures that say something about the backend
 * or the binary count towards the breaker (not a user's interrupt or a max-turns stop).
 */
export class FolderPolicy {
  private breaker: CircuitBreakerPolicy;
  private readonly changed = new Emitter<BreakerState>();
  readonly onBreakerChange = this.changed.event;
  lastFailure: CliError | undefined;
  private openedAt = 0;

  constructor(
    private readonly settings: ResilienceSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.breaker = this.makeBreaker();
  }

  get state(): BreakerState {
    return toState(this.breaker.state);
  }

  /**
   * Whether a turn (or a spawn) may go out now. A live process sends prompts without spawning, so turns are gated here,
   * not only spawns: while the breaker is open, before its cooldown, everything fails fast with breakerOpen. After the
   * cooldown sends go out again, and the next outcome recorded closes the breaker or opens it again.
   */
  admit(): CliError | undefined {
    const state = this.state;
    if (state === 'isolated') return this.openError();
    if (state === 'open' && this.now() - this.openedAt < this.settings.breakerCooldownMs) return this.openError();
    return undefined;
  }

  /**
   * Runs a spawn (or other start-up work) if the breaker admits it, retrying transient failures with backoff. A
   * failure that is left counts towards the breaker; a success does not reset it: a process that starts says nothing
   * about the backend whose failures opened it (only a turn's outcome, via record, does).
   */
  execute<T>(fn: () => Promise<T>): Promise<T> {
    const refused = this.admit();
    if (refused) return Promise.reject(refused);
    const retrying = retry(
      handleWhen((err) => err instanceof CliError && err.transient),
      { maxAttempts: this.settings.maxRetries, backoff: new ExponentialBackoff({ initialDelay: this.settings.initialDelayMs ?? 250, maxDelay: 10_000 }) },
    );
    return retrying.execute(() => fn()).catch((err: unknown) => {
      if (err instanceof CliError) this.record(err);
      throw err;
    });
  }

  /** Records the outcome of a turn: backend failures count towards opening the breaker. */
  record(error: CliError | undefined): void {
    if (error && !countsTowardsBreaker(error)) return;
    if (error) this.lastFailure = error;
    void this.breaker
      .execute(() => {
        if (error) throw error;
      })
      .catch(() => undefined);
  }

  /** The user asked to try again now. */
  reset(): void {
    this.breaker = this.makeBreaker();
    this.lastFailure = undefined;
    this.changed.fire('closed');
  }

  dispose(): void {
    this.changed.dispose();
  }

  private openError(): CliError {
    const last = this.lastFailure ? ` Last error: ${this.lastFailure.message}` : '';
    return new CliError('breakerOpen', `Paused after repeated failures in this folder; will try again in up to ${Math.round(this.settings.breakerCooldownMs / 1000)} s.${last}`, { lastFailure: this.lastFailure?.kind }, { label: 'Reset and Retry', command: 'aicode.resetBreaker' });
  }

  private makeBreaker(): CircuitBreakerPolicy {
    const b = circuitBreaker(
      handleWhen((err) => err instanceof CliError && countsTowardsBreaker(err)),
      { halfOpenAfter: this.settings.breakerCooldownMs, breaker: new ConsecutiveBreaker(this.settings.breakerThreshold) },
    );
    b.onStateChange((s) => {
      if (b !== this.breaker) return;
      if (s === CircuitState.Open) this.openedAt = this.now();
      this.changed.fire(toState(s));
    });
    return b;
  }
}

export function countsTowardsBreaker(err: CliError): boolean {
  return ['auth', 'rateLimited', 'overloaded', 'serverError', 'network', 'crashed', 'spawnFailed', 'cliNotFound', 'cliNotExecutable'].includes(err.kind);
}

function toState(s: CircuitState): BreakerState {
  switch (s) {
    case CircuitState.Open:
      return 'open';
    case CircuitState.HalfOpen:
      return 'halfOpen';
    case CircuitState.Isolated:
      return 'isolated';
    default:
      return 'closed';
  }
}
