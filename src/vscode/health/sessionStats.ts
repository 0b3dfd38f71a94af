// Per-session numbers the core keeps only in aggregate (Metrics): processes started, restarts, time to get a process,
// errors by kind — folded from the stream of SessionInfo changes — and time to first token from the turns' `result`
// lines (`ttft_ms`, claude-cli-protocol.md §1). No `vscode` import: unit-tested in plain Node.
import { Histogram } from '../../core/metrics/metrics';
import { CliMessage } from '../../core/stream/cliMessages';
import { SessionInfo } from '../../core/session/sessionTypes';
import { Disposable } from '../../core/util/disposable';

export interface SessionStats {
  /** Processes this session got (warm from the pool or spawned cold). */
  processes: number;
  /** Processes after the first: crashes, stalls, parking, resumes. */
  restarts: number;
  /** From `starting` to a ready process, for the latest process: ~0 for a warm one, a cold start otherwise. */
  lastStartMs?: number;
  /** Errors seen in this window, by kind (a restored session's old error is not counted). */
  errorsByKind: Record<string, number>;
}

type Observed = Pick<SessionInfo, 'id' | 'state' | 'pid' | 'lastError'>;

interface Tracked {
  stats: SessionStats;
  pid?: number;
  startingSince?: number;
  errorAt?: number;
}

export class SessionStatsTracker {
  private readonly tracked = new Map<string, Tracked>();

  observe(info: Observed, now: number): void {
    let t = this.tracked.get(info.id);
    if (!t) {
      t = { stats: { processes: 0, restarts: 0, errorsByKind: {} }, errorAt: info.lastError?.at };
      this.tracked.set(info.id, t);
    }
    if (info.state === 'starting' && t.startingSince === undefined) t.startingSince = now;
    if (info.pid !== undefined && info.pid !== t.pid) {
      t.stats.processes++;
      t.stats.restarts = Math.max(0, t.stats.processes - 1);
      if (t.startingSince !== undefined) t.stats.lastStartMs = now - t.startingSince;
      t.startingSince = undefined;
    }
    if (info.state === 'failed' || info.state === 'stopped') t.startingSince = undefined; // the start failed or was abandoned
    t.pid = info.pid;
    const err = info.lastError;
    if (err && err.at !== t.errorAt) {
      t.stats.errorsByKind[err.kind] = (t.stats.errorsByKind[err.kind] ?? 0) + 1;
      t.errorAt = err.at;
    }
  }

  get(id: string): SessionStats | undefined {
    const s = this.tracked.get(id)?.stats;
    return s ? { ...s, errorsByKind: { ...s.errorsByKind } } : undefined;
  }

  retain(ids: Iterable<string>): void {
    const keep = new Set(ids);
    for (const id of [...this.tracked.keys()]) if (!keep.has(id)) this.tracked.delete(id);
  }
}

/** What the tracker listens to (SessionManager's events). */
export interface SessionEvents {
  list(): readonly { id: string; info: Observed }[];
  onDidChangeSession(listener: (info: SessionInfo) => void): Disposable;
  onDidChangeSessions(listener: () => void): Disposable;
}

/** Feeds the tracker from the manager's events, from now on: it must watch from activation, not from when asked. */
export function watchSessionStats(manager: SessionEvents, stats: SessionStatsTracker, now: () => number = Date.now): Disposable[] {
  for (const x of manager.list()) stats.observe(x.info, now());
  return [manager.onDidChangeSession((info) => stats.observe(info, now())), manager.onDidChangeSessions(() => stats.retain(manager.list().map((x) => x.id)))];
}

/** Time to first token over the session's turns, from the CLI's own `ttft_ms` on each `result` line. */
export function ttftSummary(messages: readonly CliMessage[]): { count: number; p50?: number; p95?: number } {
  const h = new Histogram();
  for (const m of messages) {
    if (m.type === 'result' && typeof m.ttft_ms === 'number') h.record(m.ttft_ms);
  }
  const s = h.summary();
  return { count: s.count, p50: s.p50, p95: s.p95 };
}
