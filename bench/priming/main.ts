/**
 * Benchmark 1b: priming a pooled process (bench/priming/candidates.ts), interleaved round-robin over the candidates.
 *
 *   npx tsx bench/priming/main.ts      (BENCH_ROUNDS=n, BENCH_ONLY="none,get_context_usage")
 */
import { runChild } from '../lib/child';
import { runPriming } from './probe';

/**
 * The candidates of the full run: the ones that matter, with enough rounds. The others in candidates.ts (reload_skills,
 * mcp_set_servers, apply_flag_settings, file_suggestions, get_session_cost, /clear) showed no gain in exploration runs;
 * BENCH_ONLY=all runs every candidate.
 */
const DEFAULT_SET = ['none', 'get_context_usage', 'get_context_usage summary', 'hook-blocked prompt', 'get_context_usage + hook-blocked prompt', '/context', '/cost', 'reload_plugins', 'mcp_status', 'set_model (same)'];

runChild('priming', async ({ scale, deadline }) => {
  const rounds = Number(process.env.BENCH_ROUNDS ?? Math.max(2, Math.round(5 * scale)));
  const env = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  const only = env.includes('all') ? [] : env.length ? env : DEFAULT_SET;
  return { rounds, candidates: await runPriming(rounds, only, Math.min(deadline, Date.now() + 180_000)) };
});
