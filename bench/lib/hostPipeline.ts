/**
 * The host side of a chat, as src/vscode/chat wires it, minus VS Code: a SessionManager whose processes are
 * in-process fakes (bench/lib/fakeChild.ts), the session's SessionTranscript (the reducer) and a ChatOutbox whose
 * `post` is the benchmark's probe instead of webview.postMessage.
 */
import type { HostMessage } from '../../src/protocol/chatProtocol';
import { SessionManager } from '../../src/core/session/sessionManager';
import { MemorySessionStore } from '../../src/core/session/sessionStore';
import type { Session } from '../../src/core/session/session';
import { nullLogger } from '../../src/core/util/logger';
import { ChatOutbox } from '../../src/vscode/chat/chatOutbox';
import { SessionTranscript } from '../../src/vscode/chat/sessionTranscripts';
import { fakeLaunchContext, type FakeChild } from './fakeChild';

export interface HostPipeline {
  manager: SessionManager;
  session: Session;
  /** The fake CLI process of the session, once the first prompt was written to it. */
  child(): FakeChild;
  /** Resolves when the fake child receives the next user line. */
  nextUserLine(): Promise<void>;
  transcript?: SessionTranscript;
  outbox?: ChatOutbox;
  dispose(): Promise<void>;
}

export function makeHostPipeline(options: { withChat: boolean; post?: (m: HostMessage) => void }): HostPipeline {
  let waiter: (() => void) | undefined;
  let last: FakeChild | undefined;
  const launch = fakeLaunchContext((child) => {
    last = child;
    waiter?.();
    waiter = undefined;
  });
  const manager = new SessionManager({
    launch,
    settings: () => ({
      maxConcurrent: 8,
      pool: { size: 0, idleTimeoutMs: 0, maxAgeMs: 3_600_000, refillDelayMs: 1500 },
      resilience: { maxRetries: 0, breakerThreshold: 1000, breakerCooldownMs: 30_000, initialDelayMs: 50 },
    }),
    configFor: () => ({}),
    store: new MemorySessionStore(),
    logger: nullLogger,
    home: '/nonexistent',
  });
  const session = manager.create({ folder: { name: 'work', fsPath: '/nonexistent/work' } });
  const pipeline: HostPipeline = {
    manager,
    session,
    child: () => {
      if (!last) throw new Error('no process yet');
      return last;
    },
    nextUserLine: () => new Promise<void>((r) => (waiter = r)),
    async dispose() {
      pipeline.outbox?.dispose();
      pipeline.transcript?.dispose();
      await manager.remove(session.id);
      await manager.shutdown();
    },
  };
  if (options.withChat) {
    const transcript = new SessionTranscript(session, [], nullLogger);
    const outbox = new ChatOutbox(options.post ?? (() => undefined));
    transcript.onChanges((c) => outbox.items(c));
    outbox.onReady({ type: 'snapshot' } as unknown as HostMessage);
    pipeline.transcript = transcript;
    pipeline.outbox = outbox;
  }
  return pipeline;
}
