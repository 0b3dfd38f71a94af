import { MetricsSnapshot } from '../../core/metrics/metrics';
import { SessionState } from '../../core/session/sessionTypes';
import { Services } from '../services';
import { SessionStatsTracker, ttftSummary } from './sessionStats';

export interface SessionHealth {
  id: string;
  title: string;
  folder: string;
  state: SessionState;
  cliSessionId?: string;
  pid?: number;
  /** The CLI process's own state machine (starting, ready, busy, idle, stopping, exited, failed). */
  processState?: string;
  rssBytes?: number;
  uptimeMs?: number;
  turns: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  pendingPermissions: number;
  lastError?: { kind: string; message: string };
  /** Time to first token over this session's turns (from the CLI's `ttft_ms`). */
  ttftMs: { count: number; p50?: number; p95?: number };
  /** Present when the health view's tracker has watched this session (see SessionStatsTracker). */
  processes?: number;
  restarts?: number;
  lastStartMs?: number;
  errorsByKind?: Record<string, number>;
}

export interface HealthSnapshot {
  takenAt: string;
  cli: { path?: string; version?: string; source?: string; error?: string };
  authSource?: string;
  trusted: boolean;
  sessions: SessionHealth[];
  pool: { ready: number; starting: number; capacity: number; hits: number; misses: number; rssBytes: number[] };
  breakers: { folder: string; state: string; lastError?: string }[];
  metrics: MetricsSnapshot;
}

/**
 * Everything the health view, the status bar tooltip and "Copy as JSON" show; read from the core's metrics. `stats`
 * adds per-session process history when the caller has been tracking it (registerHealthView does).
 */
export async function healthSnapshot(s: Services, stats?: SessionStatsTracker): Promise<HealthSnapshot> {
  const status = s.cliStatus();
  const now = Date.now();
  const sessions = await Promise.all(
    s.manager.list().map(async (x): Promise<SessionHealth> => {
      const i = x.info;
      const p = x.liveProcess;
      const tracked = stats?.get(i.id);
      return {
        id: i.id,
        title: i.title,
        folder: i.folder.name,
        state: i.state,
        cliSessionId: i.cliSessionId,
        pid: p?.pid,
        processState: p?.state,
        rssBytes: p ? await p.rss() : undefined,
        uptimeMs: p ? now - p.spawnedAt : undefined,
        turns: i.turns,
        tokensIn: i.inputTokens,
        tokensOut: i.outputTokens,
        costUsd: i.costUsd,
        pendingPermissions: i.pendingPermissions,
        lastError: i.lastError ? { kind: i.lastError.kind, message: i.lastError.message } : undefined,
        ttftMs: ttftSummary(x.messages()),
        ...(tracked ? { processes: tracked.processes, restarts: tracked.restarts, lastStartMs: tracked.lastStartMs, errorsByKind: tracked.errorsByKind } : {}),
      };
    }),
  );
  const occ = s.manager.pool.occupancy;
  const poolRss = await Promise.all(s.manager.pool.processes().map((p) => p.rss()));
  return {
    takenAt: new Date(now).toISOString(),
    cli: { path: status.env?.binary, version: status.env?.features.version.raw, source: status.env?.source, error: status.error?.message },
    authSource: s.manager.list().find((x) => x.info.apiKeySource)?.info.apiKeySource,
    trusted: s.isTrusted(),
    sessions,
    pool: { ready: occ.ready, starting: occ.starting, capacity: occ.capacity, hits: s.manager.pool.hits, misses: s.manager.pool.misses, rssBytes: poolRss.filter((r): r is number => r !== undefined) },
    breakers: s.manager.breakerStates(),
    metrics: s.manager.metrics.snapshot(),
  };
}
