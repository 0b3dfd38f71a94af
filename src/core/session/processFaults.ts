import { classifyStreamProblem, stalledError } from '../errors/classify';
import { CliError } from '../errors/cliError';
import { CliProcess } from '../process/cliProcess';
import { Disposable } from '../util/disposable';

export interface FaultHandlers {
  failTurn(err: CliError): void;
  notice(err: CliError): void;
  /** The process is being stopped on purpose and must be replaced by one that resumes the conversation. */
  replaceAfterStop(): void;
}

/**
 * What a session does when its process misbehaves: a malformed line is a notice and the turn goes on; a line over
 * the limit or a stall fails the turn and stops the process at once (it cannot answer an interrupt).
 */
export function watchProcessFaults(proc: CliProcess, on: FaultHandlers): Disposable[] {
  return [
    proc.onStreamProblem((p) => {
      const err = classifyStreamProblem(p);
      if (p.kind !== 'lineTooLong') return on.notice(err);
      on.failTurn(err);
      void proc.stop('oversized line', { force: true });
    }),
    proc.onStall((ms) => {
      on.failTurn(stalledError(ms));
      on.replaceAfterStop();
      void proc.stop('stalled', { force: true });
    }),
  ];
}
