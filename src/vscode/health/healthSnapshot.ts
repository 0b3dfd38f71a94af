import { MetricsSnapshot } from '../../core/metrics/metrics';
import { SessionState } from '../../core/session/sessionTypes';
import { Services } from '../services';

export interface SessionHealth {
  id: string;
  title: string;
  folder: string;
  state: SessionState;
  cliSessionId?: string;
  pid?: number;
  rssBytes?: number;
  uptimeMs?: number;
  turns: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  pendingPermissions: number;
  lastError?: { kind: string; message: string };
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

/** Everything the health view, the status bar tooltip and "Copy as JSON" show; read from the core's metrics. */
export async function healthSnapshot(s: Services): Promise<HealthSnapshot> {
  const status = s.cliStatus();
  const now = Date.now();
  const sessions = await Promise.all(
    s.manager.list().map(async (x): Promise<SessionHealth> => {
      const i = x.info;
      const p = x.liveProcess;
      return {
        id: i.id,
        title: i.title,
        folder: i.folder.name,
        state: i.state,
        cliSessionId: i.cliSessionId,
        pid: p?.pid,
        rssBytes: p ? await p.rss() : undefined,
        uptimeMs: p ? now - p.spawnedAt : undefined,
        turns: i.turns,
        tokensIn: i.inputTokens,
        tokensOut: i.outputTokens,
        costUsd: i.costUsd,
        pendingPermissions: i.pendingPermissions,
        lastError: i.lastError ? { kind: i.lastError.kind, message: i.lastError.message } : undefined,
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
