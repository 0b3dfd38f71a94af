import { ControlChannel } from '../control/controlChannel';
import { PermissionDecision, PermissionRequest } from '../control/permissions';
import { Disposable } from '../util/disposable';
import { Emitter } from '../util/emitter';

export type PermissionOutcome = { request: PermissionRequest; outcome: 'allowed' | 'denied' | 'cancelled' };

/**
 * Between the CLI's can_use_tool requests and the person: a request waits (no timeout: the person decides when) until
 * the UI answers, or until the CLI withdraws it or the turn is interrupted.
 */
export class PermissionBroker implements Disposable {
  private readonly waiting = new Map<string, { request: PermissionRequest; answer: (d: PermissionDecision) => void }>();
  private readonly requested = new Emitter<PermissionRequest>();
  private readonly settled = new Emitter<PermissionOutcome>();
  readonly onRequest = this.requested.event;
  readonly onSettled = this.settled.event;

  get size(): number {
    return this.waiting.size;
  }

  pending(): PermissionRequest[] {
    return [...this.waiting.values()].map((w) => w.request);
  }

  /** Serves one process's control channel; returns what to dispose when the process goes. */
  attach(control: ControlChannel): Disposable {
    control.setDecider(
      (request, signal) =>
        new Promise<PermissionDecision>((answer) => {
          this.waiting.set(request.requestId, { request, answer });
          signal.addEventListener('abort', () => this.waiting.delete(request.requestId), { once: true });
          this.requested.fire(request);
        }),
    );
    const sub = control.onPermissionSettled((e) => {
      this.waiting.delete(e.request.requestId);
      this.settled.fire(e);
    });
    return {
      dispose: () => {
        sub.dispose();
        control.setDecider(undefined);
        // The process is gone: nothing can answer these any more.
        for (const w of this.waiting.values()) this.settled.fire({ request: w.request, outcome: 'cancelled' });
        this.waiting.clear();
      },
    };
  }

  answer(requestId: string, decision: PermissionDecision): boolean {
    const w = this.waiting.get(requestId);
    if (!w) return false;
    this.waiting.delete(requestId);
    w.answer(decision);
    return true;
  }

  dispose(): void {
    this.requested.dispose();
    this.settled.dispose();
  }
}
