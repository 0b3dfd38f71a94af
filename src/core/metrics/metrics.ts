// Counters and histograms live in the core; the views only read snapshots (issue: observability).

export class Histogram {
  private values: number[] = [];
  constructor(private readonly capacity = 500) {}

  record(value: number): void {
    if (!Number.isFinite(value)) return;
    this.values.push(value);
    if (this.values.length > this.capacity) this.values.splice(0, this.values.length - this.capacity);
  }

  get count(): number {
    return this.values.length;
  }

  percentile(p: number): number | undefined {
    if (this.values.length === 0) return undefined;
    const sorted = [...this.values].sort((a, b) => a - b);
    const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[i];
  }

  summary(): { count: number; p50?: number; p95?: number; last?: number } {
    return { count: this.count, p50: this.percentile(50), p95: this.percentile(95), last: this.values[this.values.length - 1] };
  }
}

export class Metrics {
  readonly spawnMs = new Histogram();
  readonly warmTakeMs = new Histogram();
  readonly timeToFirstTokenMs = new Histogram();
  readonly turnMs = new Histogram();
  readonly errorsByKind = new Map<string, number>();
  tokensIn = 0;
  tokensOut = 0;
  costUsd = 0;
  turns = 0;
  restarts = 0;
  spawns = 0;

  error(kind: string): void {
    this.errorsByKind.set(kind, (this.errorsByKind.get(kind) ?? 0) + 1);
  }

  snapshot(): MetricsSnapshot {
    return {
      spawnMs: this.spawnMs.summary(),
      warmTakeMs: this.warmTakeMs.summary(),
      timeToFirstTokenMs: this.timeToFirstTokenMs.summary(),
      turnMs: this.turnMs.summary(),
      errorsByKind: Object.fromEntries(this.errorsByKind),
      tokensIn: this.tokensIn,
      tokensOut: this.tokensOut,
      costUsd: this.costUsd,
      turns: this.turns,
      restarts: this.restarts,
      spawns: this.spawns,
    };
  }
}

export interface MetricsSnapshot {
  spawnMs: ReturnType<Histogram['summary']>;
  warmTakeMs: ReturnType<Histogram['summary']>;
  timeToFirstTokenMs: ReturnType<Histogram['summary']>;
  turnMs: ReturnType<Histogram['summary']>;
  errorsByKind: Record<string, number>;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  turns: number;
  restarts: number;
  spawns: number;
}
