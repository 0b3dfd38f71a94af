/** Small statistics and scheduling helpers shared by the benchmarks. */

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

/**
 * Runs `rounds` rounds; each round runs every variant once, in an order rotated by one each round, so no variant
 * always runs first (after an idle gap) or last. Samples are collected per variant.
 */
export async function interleave<K extends string>(
  variants: readonly K[],
  rounds: number,
  run: (variant: K, round: number) => Promise<number | undefined>,
  options: { deadline?: number; onSample?: (variant: K, value: number | undefined, round: number) => void } = {},
): Promise<{ samples: Record<K, number[]>; rounds: number }> {
  const samples = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<K, number[]>;
  let done = 0;
  for (let r = 0; r < rounds; r++) {
    if (options.deadline && Date.now() > options.deadline) break;
    const order = variants.map((_, i) => variants[(i + r) % variants.length]);
    for (const v of order) {
      const value = await run(v, r);
      options.onSample?.(v, value, r);
      if (value !== undefined && Number.isFinite(value)) samples[v].push(value);
    }
    done++;
  }
  return { samples, rounds: done };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
