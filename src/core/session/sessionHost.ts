// What a session needs from its manager (the SessionManager implements it): processes and slots, the resilience
// policy, metrics, transcript housekeeping.
import { CliError } from '../errors/cliError';
import { CliProcess } from '../process/cliProcess';
import { LaunchTarget } from '../process/sessionConfig';
import { Logger } from '../util/logger';
import type { Session } from './session';
import { PendingTurn, TurnTracker } from './turnTracker';
import { TurnResult } from './sessionTypes';

export interface AcquiredProcess {
  process: CliProcess;
  /** The conversation id the process was launched with (`--session-id`/`--resume`). */
  conversationId: string;
  /** Came warm from the pool. */
  warm: boolean;
}

/** What a session needs from its manager. */
export interface SessionHost {
  acquireProcess(session: Session, target: LaunchTarget): Promise<AcquiredProcess>;
  /** The session's process ended or was released: a slot is free. */
  processReleased(session: Session): void;
  changed(session: Session): void;
  /** How long to wait before sending a failed turn again, or undefined to give up (resilience policy). */
  retryDelay(session: Session, turn: PendingTurn, error: CliError, ranTools: boolean): number | undefined;
  /** Why no turn may go out now (the folder's circuit breaker is open), or undefined. */
  admitTurn(session: Session): CliError | undefined;
  /** A crashed or stalled process is being replaced (metrics: restarts). */
  recovering(session: Session): void;
  /** A turn ended (normally, with an error, or cut short): for metrics and the folder's circuit breaker. */
  turnFinished(session: Session, outcome: { tracker: TurnTracker; result?: TurnResult; error?: CliError }): void;
  /** A first prompt went out again in a new conversation: the failed one's transcript may go (transcripts.ts). */
  discardFailedAttempt(session: Session, conversationId: string, promptUuid: string): Promise<void>;
  logger: Logger;
  now(): number;
}
