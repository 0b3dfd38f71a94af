// Every failure the user can see is a CliError with a kind the UI acts on (conventions.md §6).

export type ErrorKind =
  | 'cliNotFound'
  | 'cliNotExecutable'
  | 'cliTooOld'
  | 'auth'
  | 'rateLimited'
  | 'overloaded'
  | 'serverError'
  | 'network'
  | 'maxTurns'
  | 'budget'
  | 'permissionDenied'
  | 'interrupted'
  | 'crashed'
  | 'stalled'
  | 'malformedStream'
  | 'oversizedLine'
  | 'spawnFailed'
  | 'config'
  | 'breakerOpen'
  | 'untrusted'
  | 'apiError'
  | 'unknown';

/** What the UI offers as the next step: a button that runs a command. */
export interface NextStep {
  label: string;
  command: string;
  args?: readonly unknown[];
}

export class CliError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly nextStep?: NextStep,
  ) {
    super(message);
    this.name = 'CliError';
  }

  /** Safe to retry without the user's say (no tool ran, nothing to repeat). */
  get transient(): boolean {
    return ['rateLimited', 'overloaded', 'serverError', 'network', 'spawnFailed'].includes(this.kind);
  }
}

export function asCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  return new CliError('unknown', err instanceof Error ? err.message : String(err));
}
