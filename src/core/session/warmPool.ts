import { CliProcess } from '../process/cliProcess';
import { Logger } from '../util/logger';
import { Launched } from './processLauncher';

export interface PoolSettings {
  size: number;
  idleTimeoutMs: number;
  /** Replace a warm process older than this (the CLI's memory grows; a fresh one is cheap). */
  maxAgeMs: number;
  /** Delay before refilling after a take, so the refill's start-up does not compete with the first turn for CPU. */
  refillDelayMs: number;
  /**
   * Prime each warm process with `get_context_usage`, which makes the CLI build its tool schemas before the first
   * prompt (bench: first request 39.7 → 20.1 ms). Only on Anthropic's own API (no ANTHROPIC_BASE_URL), where the 14
   * count_tokens calls it makes are free; a gateway may lack them, and the CLI then falls back to billed calls.
   */
  prime?: boolean;
}

interface Warm {
  launched: Launched;
  readyAt: number;
}

interface Slot {
  ready: Warm[];
  starting: number;
  spawn: () => Promise<Launched>;
  refillTimer?: NodeJS.Timeout;
}

/**
 * Spawned-and-initialised CLI processes kept ready per (folder, config) key, so a new session's first prompt goes out
 * without the ~0.5 s cold start. Never holds more than `size` per key (counting ones still starting).
 */
export class WarmPool {
  private readonly slots = new Map<string, Slot>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  spawnedTotal = 0;
  hits = 0;
  misses = 0;

  constructor(
    private settings: () => PoolSettings,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** A ready process for this key, if one is warm. Starts a refill in the background. */
  take(key: string): Launched | undefined {
    const slot = this.slots.get(key);
    while (slot && slot.ready.length > 0) {
      const warm = slot.ready.shift() as Warm;
      if (warm.launched.process.state === 'ready') {
        this.hits++;
        this.scheduleRefill(key, this.settings().refillDelayMs);
        return warm.launched;
      }
      void warm.launched.process.stop('stale warm process');
    }
    this.misses++;
    if (slot) this.scheduleRefill(key, this.settings().refillDelayMs);
    return undefined;
  }

  /** Keep this key warm; `spawn` starts and initialises one process. */
  ensure(key: string, spawn: () => Promise<Launched>): void {
    if (this.disposed) return;
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { ready: [], starting: 0, spawn }));
    slot.spawn = spawn;
    this.fill(key);
    this.startSweeper();
  }

  /** Stops warm processes whose key matches (config or folder changed). */
  invalidate(match: (key: string) => boolean): void {
    for (const [key, slot] of [...this.slots]) {
      if (!match(key)) continue;
      this.slots.delete(key);
      if (slot.refillTimer) clearTimeout(slot.refillTimer);
      for (const w of slot.ready) void w.launched.process.stop('configuration changed');
    }
  }

  get occupancy(): { ready: number; starting: number; capacity: number; keys: number } {
    let ready = 0;
    let starting = 0;
    for (const s of this.slots.values()) {
      ready += s.ready.length;
      starting += s.starting;
    }
    return { ready, starting, capacity: this.slots.size * this.settings().size, keys: this.slots.size };
  }

  processes(): CliProcess[] {
    return [...this.slots.values()].flatMap((s) => s.ready.map((w) => w.launched.process));
  }

  /** Retires idle and old warm processes; called periodically. */
  sweep(): void {
    const { idleTimeoutMs, maxAgeMs, size } = this.settings();
    const now = this.now();
    for (const [key, slot] of this.slots) {
      const keep: Warm[] = [];
      let idleRetired = false;
      for (const w of slot.ready) {
        const age = now - w.readyAt;
        const idle = idleTimeoutMs > 0 && age > idleTimeoutMs;
        idleRetired ||= idle;
        const retire = idle || age > maxAgeMs || w.launched.process.state !== 'ready' || keep.length >= size;
        if (retire) void w.launched.process.stop('retired from the warm pool');
        else keep.push(w);
      }
      slot.ready = keep;
      // Idle retirement empties the pool on purpose; other losses (age, a crash, a take whose refill is still
      // starting) are refilled here. An empty slot alone is no sign of idleness.
      if (idleRetired && keep.length === 0 && slot.starting === 0) this.slots.delete(key);
      else this.fill(key);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    const stops: Promise<unknown>[] = [];
    for (const slot of this.slots.values()) {
      if (slot.refillTimer) clearTimeout(slot.refillTimer);
      for (const w of slot.ready) stops.push(w.launched.process.stop('shutting down'));
    }
    this.slots.clear();
    await Promise.all(stops);
  }

  private scheduleRefill(key: string, delayMs: number): void {
    const slot = this.slots.get(key);
    if (!slot || slot.refillTimer) return;
    slot.refillTimer = setTimeout(() => {
      slot.refillTimer = undefined;
      this.fill(key);
    }, delayMs);
    slot.refillTimer.unref?.();
  }

  private fill(key: string): void {
    const slot = this.slots.get(key);
    if (!slot || this.disposed) return;
    const missing = this.settings().size - slot.ready.length - slot.starting;
    for (let i = 0; i < missing; i++) {
      slot.starting++;
      this.spawnedTotal++;
      slot
        .spawn()
        .then((launched) => {
          slot.starting--;
          if (this.disposed || this.slots.get(key) !== slot) {
            void launched.process.stop('pool no longer wants it');
            return;
          }
          slot.ready.push({ launched, readyAt: this.now() });
          launched.process.onExit(() => (slot.ready = slot.ready.filter((w) => w.launched !== launched)));
        })
        .catch((err: Error) => {
          slot.starting--;
          this.logger.warn(`Could not warm a Claude process: ${err.message}`);
        });
    }
  }

  private startSweeper(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => this.sweep(), 30_000);
    this.sweepTimer.unref?.();
  }
}
