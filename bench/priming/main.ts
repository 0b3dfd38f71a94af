/**
 * Benchmark 1b: priming a pooled process (bench/priming/candidates.ts), interleaved round-robin over the candidates.
 *
 *   npx tsx bench/priming/main.ts      (BENCH_ROUNDS=n, BENCH_ONLY="none,get_context_usage")
 */
import { runChild } from '../lib/child';
import { runPriming } from './probe';

runChild('priming', async ({ scale, deadline }) => {
  const rounds = Number(process.env.BENCH_ROUNDS ?? Math.max(2, Math.round(3 * scale)));
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  return { rounds, candidates: await runPriming(rounds, only, Math.min(deadline, Date.now() + 180_000)) };
});
