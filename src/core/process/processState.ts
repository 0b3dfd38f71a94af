import { Emitter } from '../util/emitter';

/** starting → ready (initialised, unused) → busy ⇄ idle → stopping → exited; failed from anywhere. */
export type ProcessState = 'starting' | 'ready' | 'busy' | 'idle' | 'stopping' | 'exited' | 'failed';

const allowed: Record<ProcessState, readonly ProcessState[]> = {
  starting: ['ready', 'busy', 'stopping', 'exited', 'failed'],
  ready: ['busy', 'stopping', 'exited', 'failed'],
  busy: ['idle', 'stopping', 'exited', 'failed'],
  idle: ['busy', 'stopping', 'exited', 'failed'],
  stopping: ['exited', 'failed'],
  exited: [],
  failed: [],
};

export interface StateChange {
  from: ProcessState;
  to: ProcessState;
  reason?: string;
}

export class ProcessStateMachine {
  private current: ProcessState = 'starting';
  private readonly changed = new Emitter<StateChange>();
  readonly onChange = this.changed.event;

  get state(): ProcessState {
    return this.current;
  }

  get isTerminal(): boolean {
    return this.current === 'exited' || this.current === 'failed';
  }

  canMoveTo(to: ProcessState): boolean {
    return allowed[this.current].includes(to);
  }

  /** Moves if the transition is allowed; returns whether it did. Illegal moves are ignored, not thrown: events race. */
  moveTo(to: ProcessState, reason?: string): boolean {
    if (this.current === to || !this.canMoveTo(to)) return false;
    const from = this.current;
    this.current = to;
    this.changed.fire({ from, to, reason });
    return true;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
