import { randomUUID } from 'node:crypto';
import { ControlCancelMessage, ControlRequestMessage, ControlResponseMessage } from '../stream/cliMessages';
import { MessageRouter } from '../stream/messageRouter';
import { DisposableStore } from '../util/disposable';
import { Emitter } from '../util/emitter';
import { Logger } from '../util/logger';
import { StdinWriter } from './stdinWriter';
import { decisionPayload, noDeciderDecision, PermissionDecider, PermissionDecision, PermissionRequest, toPermissionRequest } from './permissions';

export class ControlRequestError extends Error {
  constructor(
    readonly subtype: string,
    message: string,
    readonly reason: 'rejected' | 'timeout' | 'closed',
  ) {
    super(message);
    this.name = 'ControlRequestError';
  }
}

interface Outstanding {
  subtype: string;
  resolve(response: Record<string, unknown>): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

interface PendingPermission {
  request: PermissionRequest;
  abort: AbortController;
}

/**
 * Both directions of the CLI's control protocol over one process's stdin/stdout: our requests (initialize, interrupt,
 * set_model, …) with ids, timeouts and typed results; and the CLI's can_use_tool requests, handed to a decider.
 */
export class ControlChannel {
  private readonly outstanding = new Map<string, Outstanding>();
  private readonly permissions = new Map<string, PendingPermission>();
  private readonly disposables = new DisposableStore();
  private decider: PermissionDecider | undefined;
  private closed = false;

  private readonly permissionRequested = new Emitter<PermissionRequest>();
  private readonly permissionSettled = new Emitter<{ request: PermissionRequest; outcome: 'allowed' | 'denied' | 'cancelled' }>();
  readonly onPermissionRequest = this.permissionRequested.event;
  readonly onPermissionSettled = this.permissionSettled.event;

  constructor(
    private readonly writer: StdinWriter,
    router: MessageRouter,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.disposables.add(router.on('control_response', (m) => this.onResponse(m)));
    this.disposables.add(router.on('control_request', (m) => this.onRequest(m)));
    this.disposables.add(router.on('control_cancel_request', (m) => this.onCancel(m)));
    this.disposables.add(this.permissionRequested);
    this.disposables.add(this.permissionSettled);
  }

  setDecider(decider: PermissionDecider | undefined): void {
    this.decider = decider;
  }

  get pendingPermissions(): PermissionRequest[] {
    return [...this.permissions.values()].map((p) => p.request);
  }

  /** Sends a control request; resolves with the CLI's response object (empty when it sends none). */
  request(subtype: string, fields: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(new ControlRequestError(subtype, `Cannot send ${subtype}: the process has ended.`, 'closed'));
    const requestId = `aicode-${randomUUID()}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.outstanding.delete(requestId);
        reject(new ControlRequestError(subtype, `The Claude CLI did not answer ${subtype} within ${timeoutMs} ms.`, 'timeout'));
      }, timeoutMs);
      this.outstanding.set(requestId, { subtype, resolve, reject, timer });
      this.writer.write({ type: 'control_request', request_id: requestId, request: { ...fields, subtype } }).catch((err: Error) => {
        const o = this.outstanding.get(requestId);
        if (!o) return;
        clearTimeout(o.timer);
        this.outstanding.delete(requestId);
        reject(new ControlRequestError(subtype, `Cannot send ${subtype}: ${err.message}`, 'closed'));
      });
    });
  }

  /** Withdraws every pending permission request (the turn was interrupted or the process is going away). */
  cancelPermissions(): void {
    for (const [id, p] of [...this.permissions]) {
      this.permissions.delete(id);
      p.abort.abort();
      this.permissionSettled.fire({ request: p.request, outcome: 'cancelled' });
    }
  }

  /** The process ended: everything outstanding fails now instead of waiting for its timeout. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [id, o] of [...this.outstanding]) {
      clearTimeout(o.timer);
      this.outstanding.delete(id);
      o.reject(new ControlRequestError(o.subtype, `The Claude process ended before answering ${o.subtype}.`, 'closed'));
    }
    this.cancelPermissions();
  }

  dispose(): void {
    this.close();
    this.disposables.dispose();
  }

  private onResponse(m: ControlResponseMessage): void {
    const o = this.outstanding.get(m.response.request_id);
    if (!o) {
      this.logger.debug(`control_response for unknown request ${m.response.request_id}`);
      return;
    }
    clearTimeout(o.timer);
    this.outstanding.delete(m.response.request_id);
    if (m.response.subtype === 'success') o.resolve(m.response.response ?? {});
    else o.reject(new ControlRequestError(o.subtype, m.response.error ?? `${o.subtype} failed`, 'rejected'));
  }

  private onRequest(m: ControlRequestMessage): void {
    if (m.request.subtype !== 'can_use_tool') {
      this.logger.warn(`Unsupported control request from the CLI: ${m.request.subtype}`);
      void this.respond(m.request_id, { subtype: 'error', error: `Unsupported control request subtype: ${m.request.subtype}` });
      return;
    }
    const request = toPermissionRequest(m.request_id, m.request, this.now());
    const abort = new AbortController();
    this.permissions.set(m.request_id, { request, abort });
    this.permissionRequested.fire(request);
    const decider = this.decider;
    let decision: Promise<PermissionDecision>;
    try {
      decision = decider ? decider(request, abort.signal) : Promise.resolve(noDeciderDecision);
    } catch (err) {
      // A decider that throws instead of rejecting must still get the CLI an answer: it waits forever otherwise.
      decision = Promise.reject(err);
    }
    decision
      .catch((err: Error) => ({ behavior: 'deny' as const, message: `Permission handler failed: ${err.message}` }))
      .then(async (d) => {
        // Withdrawn meanwhile (control_cancel_request, interrupt): the CLI no longer waits for an answer.
        if (this.permissions.get(m.request_id)?.abort !== abort || abort.signal.aborted) return;
        this.permissions.delete(m.request_id);
        this.permissionSettled.fire({ request, outcome: d.behavior === 'allow' ? 'allowed' : 'denied' });
        await this.respond(m.request_id, { subtype: 'success', response: decisionPayload(request, d) });
      })
      .catch((err: Error) => this.logger.warn(`Could not answer permission request ${m.request_id}: ${err.message}`));
  }

  private onCancel(m: ControlCancelMessage): void {
    const p = this.permissions.get(m.request_id);
    if (!p) return;
    this.permissions.delete(m.request_id);
    p.abort.abort();
    this.permissionSettled.fire({ request: p.request, outcome: 'cancelled' });
  }

  private respond(requestId: string, response: Record<string, unknown>): Promise<void> {
    return this.writer.write({ type: 'control_response', response: { ...response, request_id: requestId } });
  }
}
