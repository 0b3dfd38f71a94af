/** Small statistics and scheduling helpers shared by the benchmarks. */
import { readFileSync } from 'node:fs';

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an already sorted array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(values: readonly number[]): Summary {
  const s = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { n: 0, median: NaN, p95: NaN, min: NaN, max: NaN, mean: NaN };
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { n, median: round(median), p95: round(percentile(s, 95)), min: round(s[0]), max: round(s[n - 1]), mean: round(s.reduce((a, b) => a + b, 0) / n) };
}

export function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Whole-machine CPU use (all cores, all processes) over the last window, from /proc/stat. */
function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

export interface QuietStats {
  /** Trials that waited for the machine to be quiet. */
  trials: number;
  /** Trials that started although the machine did not get quiet within the wait limit. */
  startedBusy: number;
  waitedMs: number;
  /** Machine CPU use (0..1, all cores) measured just before each trial. */
  utilization: number[];
}

export function newQuietStats(): QuietStats {
  return { trials: 0, startedBusy: 0, waitedMs: 0, utilization: [] };
}

/**
 * This machine is shared (other test suites, browsers): before a timing-sensitive trial, wait until the whole machine's
 * CPU use over a 150 ms window is below `threshold` (0..1 of all cores), at most `maxWaitMs`. Between trials this
 * benchmark's own processes are idle, so what is measured is everyone else.
 */
export async function waitForQuiet(stats: QuietStats, threshold = 0.35, maxWaitMs = 3000): Promise<void> {
  const start = Date.now();
  stats.trials++;
  // When the machine has been busy for the last few trials, waiting long does not help: wait briefly.
  const recent = stats.utilization.slice(-4);
  if (recent.length === 4 && recent.every((u) => u >= threshold)) maxWaitMs = Math.min(maxWaitMs, 600);
  for (;;) {
    const a = cpuTimes();
    await sleep(150);
    const b = cpuTimes();
    const util = a && b && b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
    if (util < threshold || Date.now() - start > maxWaitMs) {
      if (util >= threshold) stats.startedBusy++;
      stats.utilization.push(Math.round(util * 100) / 100);
      stats.waitedMs += Date.now() - start;
      return;
    }
  }
}

/**
 * Runs `rounds` rounds; each round runs every variant once, in an order rotated by one each round, so no variant
 * always runs first (after an idle gap) or last. Samples are collected per variant. With `quiet`, every trial first
 * waits for the machine to be quiet (waitForQuiet).
 */
export async function interleave<K extends string>(
  variants: readonly K[],
  rounds: number,
  run: (variant: K, round: number) => Promise<number | undefined>,
  options: { deadline?: number; onSample?: (variant: K, value: number | undefined, round: number) => void; quiet?: QuietStats } = {},
): Promise<{ samples: Record<K, number[]>; rounds: number }> {
  const samples = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<K, number[]>;
  let done = 0;
  for (let r = 0; r < rounds; r++) {
    if (options.deadline && Date.now() > options.deadline) break;
    const order = variants.map((_, i) => variants[(i + r) % variants.length]);
    for (const v of order) {
      if (options.quiet) await waitForQuiet(options.quiet);
      const value = await run(v, r);
      options.onSample?.(v, value, r);
      if (value !== undefined && Number.isFinite(value)) samples[v].push(value);
    }
    done++;
  }
  return { samples, rounds: done };
}

export function quietSummary(q: QuietStats): { trials: number; startedBusy: number; waitedS: number; machineCpuBeforeTrial: { median: number; max: number } } {
  const s = summarize(q.utilization);
  return { trials: q.trials, startedBusy: q.startedBusy, waitedS: round(q.waitedMs / 1000, 1), machineCpuBeforeTrial: { median: s.median, max: s.max } };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
