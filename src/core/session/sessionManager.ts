import { randomUUID } from 'node:crypto';
import { PermissionMode } from '../../ids';
import { CliError } from '../errors/cliError';
import { discardFailedFirstAttempt, transcriptPath, readTranscript } from '../history/transcripts';
import { Metrics } from '../metrics/metrics';
import { configKey, LaunchTarget, SessionConfig } from '../process/sessionConfig';
import { FolderPolicy, ResilienceSettings } from '../resilience/folderPolicy';
import { Emitter } from '../util/emitter';
import { Logger } from '../util/logger';
import { launchProcess, LaunchContext } from './processLauncher';
import { Session } from './session';
import { AcquiredProcess, SessionHost } from './sessionHost';
import { ProcessSlots } from './processSlots';
import { SessionRecord, SessionStore, toRecord } from './sessionStore';
import { FolderRef, SessionInfo } from './sessionTypes';
import { PendingTurn, TurnTracker } from './turnTracker';
import { backoffDelay } from '../resilience/backoff';
import { PoolSettings, WarmPool } from './warmPool';
import { promises as fs } from 'node:fs';

export interface ManagerSettings {
  maxConcurrent: number;
  pool: PoolSettings;
  resilience: ResilienceSettings;
}

export interface ManagerDeps {
  launch: LaunchContext;
  settings(): ManagerSettings;
  /** The `aicode.session.*` settings for a folder. */
  configFor(folder: FolderRef): SessionConfig;
  store: SessionStore;
  logger: Logger;
  now?: () => number;
  /** HOME of the CLI, where its transcripts live. */
  home?: string;
  demo?: () => boolean;
}

export interface CreateOptions {
  folder: FolderRef;
  overrides?: SessionConfig;
}

/**
 * All sessions of the window: creates, resumes, forks and restores them; hands them processes from the warm pool or a
 * cold spawn, within `maxConcurrent` and through each folder's retry and circuit-breaker policy; keeps their records.
 */
export class SessionManager implements SessionHost {
  private readonly sessions = new Map<string, Session>();
  private readonly configs = new Map<string, SessionConfig>();
  private readonly policies = new Map<string, FolderPolicy>();
  readonly pool: WarmPool;
  readonly metrics = new Metrics();
  private readonly slots: ProcessSlots;
  private saveTimer: NodeJS.Timeout | undefined;
  /** Processes being launched right now: shutdown waits for them (they stop themselves once they see it). */
  private readonly launching = new Set<Promise<unknown>>();
  /** Transcript clean-ups under way (a failed first attempt), awaited on shutdown. */
  private readonly housekeeping = new Set<Promise<void>>();
  private closing = false;
  private readonly listChanged = new Emitter<void>();
  private readonly sessionChanged = new Emitter<SessionInfo>();
  private readonly breakerChanged = new Emitter<{ folder: string; state: string }>();
  readonly onDidChangeSessions = this.listChanged.event;
  readonly onDidChangeSession = this.sessionChanged.event;
  readonly onDidChangeBreaker = this.breakerChanged.event;
  readonly logger: Logger;
  readonly now: () => number;

  constructor(private readonly deps: ManagerDeps) {
    this.logger = deps.logger;
    this.now = deps.now ?? Date.now;
    this.pool = new WarmPool(() => deps.settings().pool, deps.logger, this.now);
    this.slots = new ProcessSlots(() => deps.settings().maxConcurrent, this.sessions);
  }

  list(): Session[] {
    return [...this.sessions.values()];
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  create(options: CreateOptions): Session {
    const overrides = Object.fromEntries(Object.entries(options.overrides ?? {}).filter(([, v]) => v !== undefined));
    const config = { ...this.deps.configFor(options.folder), ...overrides };
    return this.add(this.newInfo(options.folder, config), config, { hasConversation: false });
  }

  /** Continues a conversation by its id (never "the latest in this folder"). */
  async resume(cliSessionId: string, folder: FolderRef, title?: string): Promise<Session> {
    const existing = this.list().find((s) => s.info.cliSessionId === cliSessionId && s.info.state !== 'failed');
    if (existing) return existing;
    const config = this.deps.configFor(folder);
    const session = this.add({ ...this.newInfo(folder, config), cliSessionId, title: title ?? 'Resumed session', state: 'stopped' }, config, { hasConversation: true });
    session.seedHistory(await readTranscript(transcriptPath(folder.fsPath, cliSessionId, this.deps.home)));
    return session;
  }

  /** A new conversation that starts with a copy of another's history (`--fork-session`). */
  fork(sourceId: string): Session {
    const source = this.sessions.get(sourceId);
    if (!source?.info.cliSessionId) throw new CliError('config', 'This session has no conversation to fork yet.');
    const config = this.configs.get(sourceId) ?? this.deps.configFor(source.info.folder);
    const session = this.add({ ...this.newInfo(source.info.folder, config), title: `${source.info.title} (fork)`, state: 'stopped', cliSessionId: randomUUID() }, config, { hasConversation: true, forkFrom: source.info.cliSessionId });
    session.seedHistory(source.messages());
    return session;
  }

  /** Brings back every session of the last window; a turn that was running shows as interrupted. */
  async restore(): Promise<Session[]> {
    const restored: Session[] = [];
    for (const record of this.deps.store.load()) {
      if (this.sessions.has(record.id)) continue;
      const config = this.deps.configFor(record.folder);
      const file = record.cliSessionId ? transcriptPath(record.folder.fsPath, record.cliSessionId, this.deps.home) : undefined;
      const hasConversation = !!file && (await fs.stat(file).then(() => true, () => false));
      const wasRunning = record.state === 'busy' || record.state === 'starting' || record.state === 'interrupted';
      const info: SessionInfo = { ...record, queue: [], pendingPermissions: 0, state: wasRunning ? 'interrupted' : 'stopped', stateReason: wasRunning ? 'Interrupted by a reload — resume?' : undefined };
      const session = this.add(info, config, { hasConversation });
      if (record.queuedTexts?.length) session.restoreQueue(record.queuedTexts);
      if (file && hasConversation) session.seedHistory(await readTranscript(file));
      restored.push(session);
    }
    return restored;
  }

  async remove(id: string): Promise<void> {
    const s = this.sessions.get(id);
    if (!s) return;
    await s.stop();
    this.sessions.delete(id);
    this.configs.delete(id);
    s.dispose();
    this.listChanged.fire();
    this.scheduleSave();
  }

  rename(id: string, title: string): void {
    const s = this.sessions.get(id);
    if (!s || !title.trim()) return;
    s.rename(title.trim());
  }

  /** Keeps a warm process ready for new sessions in this folder. */
  warm(folder: FolderRef, overrides?: SessionConfig): void {
    const config = { ...this.deps.configFor(folder), ...overrides };
    if (this.deps.settings().pool.size <= 0) return;
    this.pool.ensure(poolKey(folder, config), async () => {
      const launched = await launchProcess(this.deps.launch, folder.fsPath, config, {});
      const started = this.now();
      const init = await launched.process.initialize();
      this.metrics.spawnMs.record(this.now() - launched.process.spawnedAt);
      if (this.deps.settings().pool.prime && this.talksToAnthropicDirectly() && isFirstPartyApi(init)) {
        // Failing or slow priming still leaves a normal warm process (bench/PERFORMANCE.md, "Priming").
        await launched.process.control.request('get_context_usage', {}, 15_000).catch((err: Error) => this.logger.debug(`Priming skipped: ${err.message}`));
      }
      this.logger.debug(`Warm process ready ${this.now() - started} ms after its initialize`);
      return launched;
    });
  }

  /** No ANTHROPIC_BASE_URL: a gateway or proxy may bill the token counting that priming does, or lack it. */
  private talksToAnthropicDirectly(): boolean {
    const launch = this.deps.launch;
    return !(launch.extraEnv().ANTHROPIC_BASE_URL ?? launch.baseEnv.ANTHROPIC_BASE_URL);
  }

  /** Settings changed: warm processes of changed configs are replaced. */
  configChanged(): void {
    this.pool.invalidate(() => true);
    void this.slots.enforce();
  }

  policyFor(folder: string): FolderPolicy {
    let p = this.policies.get(folder);
    if (!p) {
      p = new FolderPolicy(this.deps.settings().resilience);
      p.onBreakerChange((state) => this.breakerChanged.fire({ folder, state }));
      this.policies.set(folder, p);
    }
    return p;
  }

  breakerStates(): { folder: string; state: string; lastError?: string }[] {
    return [...this.policies].map(([folder, p]) => ({ folder, state: p.state, lastError: p.lastFailure?.message }));
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.list().map((s) => s.stop()));
  }

  /** Ends every process (sessions and pool), awaited on deactivate. */
  async shutdown(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.save();
    this.closing = true;
    this.slots.close();
    await Promise.allSettled([...this.launching]);
    await Promise.all([...this.list().map((s) => s.liveProcess?.stop('shutting down')), this.pool.dispose()]);
    await Promise.allSettled([...this.housekeeping]);
    for (const s of this.list()) s.dispose();
    for (const p of this.policies.values()) p.dispose();
  }

  // SessionHost

  async acquireProcess(session: Session, target: LaunchTarget): Promise<AcquiredProcess> {
    await this.slots.acquire(session, (reason) => session.setWaiting(reason));
    try {
      const config = this.configs.get(session.id) ?? this.deps.configFor(session.info.folder);
      return await this.policyFor(session.info.folder.fsPath).execute(async () => {
        const started = this.now();
        if (!target.resume && !target.sessionId) {
          const warm = this.pool.take(poolKey(session.info.folder, config));
          if (warm) {
            this.metrics.warmTakeMs.record(this.now() - started);
            return { ...warm, warm: true };
          }
        }
        const launching = (async () => {
          const l = await launchProcess(this.deps.launch, session.info.folder.fsPath, config, target);
          if (!this.closing) return l;
          await l.process.stop('shutting down');
          throw new CliError('interrupted', 'AICode Manager is shutting down; no new Claude process is started.');
        })();
        this.launching.add(launching);
        const launched = await launching.finally(() => this.launching.delete(launching));
        this.metrics.spawns++;
        void launched.process.initialize().then(
          () => this.metrics.spawnMs.record(this.now() - launched.process.spawnedAt),
          () => undefined,
        );
        return { ...launched, warm: false };
      });
    } catch (err) {
      this.slots.release(session);
      throw err;
    }
  }

  recovering(session: Session): void {
    this.metrics.restarts++;
    this.logger.info(`[session ${session.id}] replacing its Claude process and resuming the conversation`);
  }

  retryDelay(session: Session, turn: PendingTurn, error: CliError, ranTools: boolean): number | undefined {
    const max = this.deps.settings().resilience.maxRetries;
    const attempts = turn.attempts ?? 0;
    if (!error.transient || ranTools || attempts >= max) return undefined;
    if (this.policyFor(session.info.folder.fsPath).admit()) return undefined;
    const retryAfter = typeof error.details.retryAfterMs === 'number' ? error.details.retryAfterMs : 0;
    return Math.max(retryAfter, backoffDelay(attempts, this.deps.settings().resilience.initialDelayMs ?? 1000));
  }

  discardFailedAttempt(session: Session, conversationId: string, promptUuid: string): Promise<void> {
    const file = transcriptPath(session.info.folder.fsPath, conversationId, this.deps.home);
    const work = discardFailedFirstAttempt(file, promptUuid).then((removed) => {
      if (removed) this.logger.debug(`[session ${session.id}] removed ${file}: it held only a failed first attempt, sent again in a new conversation`);
    });
    this.housekeeping.add(work);
    return work.finally(() => this.housekeeping.delete(work));
  }

  admitTurn(session: Session): CliError | undefined {
    return this.policyFor(session.info.folder.fsPath).admit();
  }

  processReleased(session: Session): void {
    this.slots.release(session);
  }

  changed(session: Session): void {
    this.sessionChanged.fire(session.info);
    this.scheduleSave();
    // After the session's own update is done (not from inside it), and before its caller's next prompt.
    queueMicrotask(() => void this.slots.offer(session));
  }

  turnFinished(session: Session, outcome: { tracker: TurnTracker; result?: { costUsd: number; inputTokens: number; outputTokens: number }; error?: CliError }): void {
    const m = this.metrics;
    m.turns++;
    m.turnMs.record(this.now() - outcome.tracker.startedAt);
    if (outcome.tracker.firstTokenAt) m.timeToFirstTokenMs.record(outcome.tracker.firstTokenAt - outcome.tracker.startedAt);
    if (outcome.result) {
      m.costUsd += outcome.result.costUsd;
      m.tokensIn += outcome.result.inputTokens;
      m.tokensOut += outcome.result.outputTokens;
    }
    if (outcome.error) m.error(outcome.error.kind);
    this.policyFor(session.info.folder.fsPath).record(outcome.error);
  }

  private add(info: SessionInfo, config: SessionConfig, options: { hasConversation: boolean; forkFrom?: string }): Session {
    const session = new Session(this, info, options);
    this.sessions.set(info.id, session);
    this.configs.set(info.id, config);
    this.listChanged.fire();
    this.scheduleSave();
    return session;
  }

  private newInfo(folder: FolderRef, config: SessionConfig): SessionInfo {
    const now = this.now();
    return {
      id: randomUUID(),
      folder,
      title: 'New session',
      model: config.model || undefined,
      permissionMode: (config.permissionMode ?? 'default') as PermissionMode,
      state: 'stopped',
      createdAt: now,
      lastActiveAt: now,
      costUsd: 0,
      inputTokens: 0,
      outputTokens: 0,
      turns: 0,
      pendingPermissions: 0,
      queue: [],
      demo: this.deps.demo?.() || undefined,
    };
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, 300);
    this.saveTimer.unref?.();
  }

  private save(): void {
    const records: SessionRecord[] = this.list().map((s) => toRecord(s.info));
    void Promise.resolve(this.deps.store.save(records)).catch((err: Error) => this.logger.warn(`Could not save sessions: ${err.message}`));
  }
}

function isFirstPartyApi(init: Record<string, unknown>): boolean {
  return (init.account as { apiProvider?: unknown } | undefined)?.apiProvider === 'firstParty';
}

export function poolKey(folder: FolderRef, config: SessionConfig): string {
  return `${folder.fsPath}\u0000${configKey(config)}`;
}
