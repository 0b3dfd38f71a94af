/**
 * Benchmark 1: send → first API request, cold and warm, ours vs the bare CLI vs the Agent SDK (same binary, same fake
 * API, interleaved round-robin). The priming candidates are benchmark 1b (bench/priming/main.ts).
 *
 *   npx tsx bench/startup/main.ts          (BENCH_SCALE=0.3 for a quick look)
 */
import { makeSandbox } from '../../test/integration/harness';
import { runChild } from '../lib/child';
import { startRemoteFakeApi } from '../lib/remoteFakeApi';
import { interleave, newQuietStats, quietSummary, summarize, round, type Summary } from '../lib/stats';
import { runVariant, SETTLE_MS, VARIANTS, type TrialResult, type Variant } from './variants';
import { LATER_VARIANTS, laterTurns, splits, type LaterVariant } from './laterTurns';

runChild('startup', async ({ scale, deadline }) => {
  const rounds = Math.max(3, Math.round(12 * scale));
  const api = await startRemoteFakeApi({ replyText: 'Here is the layout: src holds the code, test the tests, bench the benchmarks.' });
  const sandbox = makeSandbox({ apiUrl: api.url, name: 'startup' });
  const trials = new Map<Variant, TrialResult[]>(VARIANTS.map((v) => [v, []]));
  const failures: Record<string, string[]> = {};
  // Two discarded trials first: the first CLI run on a fresh HOME writes its config files and is slower.
  await runVariant('bare-warm', api, sandbox).catch(() => undefined);
  await runVariant('ours-cold', api, sandbox).catch(() => undefined);
  const quiet = newQuietStats();
  const startupDeadline = Math.min(deadline, Date.now() + 240_000 * Math.max(scale, 0.5));
  const { rounds: done } = await interleave(
    VARIANTS,
    rounds,
    async (v) => {
      try {
        const t = await runVariant(v, api, sandbox);
        trials.get(v)?.push(t);
        process.stderr.write(`  ${v.padEnd(17)} first POST ${t.firstPostMs.toFixed(1).padStart(6)} ms  first delta ${t.firstDeltaMs?.toFixed(1).padStart(6) ?? '     -'} ms${t.secondPostMs !== undefined ? `  2nd turn ${t.secondPostMs.toFixed(1)} ms` : ''}\n`);
        return t.firstPostMs;
      } catch (err) {
        (failures[v] ??= []).push((err as Error).message.slice(0, 200));
        process.stderr.write(`  ${v} failed: ${(err as Error).message}\n`);
        return undefined;
      }
    },
    { deadline: startupDeadline, quiet },
  );

  // Later turns (turns 2..5 of warm processes): ours vs the bare CLI, and the bare CLI with each difference our core
  // makes (the user line's uuid, our CLAUDE_CODE_ENTRYPOINT), interleaved.
  const later = new Map<LaterVariant, number[]>(LATER_VARIANTS.map((v) => [v, []]));
  const laterRounds = Math.max(2, Math.round(5 * scale));
  await interleave(
    LATER_VARIANTS,
    laterRounds,
    async (v) => {
      const xs = await laterTurns(v, api, sandbox, 4);
      later.get(v)?.push(...xs);
      process.stderr.write(`  later turns ${v.padEnd(12)} ${xs.map((x) => x.toFixed(1)).join(' ')} ms\n`);
      return xs[0];
    },
    { deadline: Math.min(deadline, Date.now() + 90_000 * Math.max(scale, 0.5)), quiet },
  );
  await api.close();
  await sandbox.cleanup();
  const laterTurnsResult = Object.fromEntries(LATER_VARIANTS.map((v) => [v, { sendToPostMs: summarize(later.get(v) ?? []), sendToInitLineMs: summarize(splits[v] ?? []) }]));
  const laterRatio = round(summarize(later.get('ours') ?? []).median / summarize(later.get('bare') ?? []).median);

  const stat = (v: Variant, k: keyof TrialResult): Summary => summarize((trials.get(v) ?? []).map((t) => t[k]).filter((x): x is number => typeof x === 'number'));
  const variants: Record<string, { firstPostMs: Summary; firstDeltaMs: Summary; secondPostMs?: Summary; hostFirstMs?: Summary; hostSecondMs?: Summary }> = {};
  for (const v of VARIANTS) {
    variants[v] = { firstPostMs: stat(v, 'firstPostMs'), firstDeltaMs: stat(v, 'firstDeltaMs') };
    if (!v.startsWith('sdk') && !v.endsWith('cold')) variants[v].secondPostMs = stat(v, 'secondPostMs');
    if (v.startsWith('ours-warm')) Object.assign(variants[v], { hostFirstMs: stat(v, 'hostFirstMs'), hostSecondMs: stat(v, 'hostSecondMs') });
  }
  const med = (v: Variant, k: 'firstPostMs' | 'secondPostMs' = 'firstPostMs'): number => variants[v][k]?.median ?? NaN;
  const ratios = {
    oursWarmVsSdkWarm: round(med('ours-warm') / med('sdk-warm')),
    oursWarmVsSdkWarmCanUseTool: round(med('ours-warm') / med('sdk-warm-canUseTool')),
    oursPrimedVsSdkWarmCanUseTool: round(med('ours-warm-primed') / med('sdk-warm-canUseTool')),
    oursPrimedVsSdkWarm: round(med('ours-warm-primed') / med('sdk-warm')),
    oursColdVsSdkCold: round(med('ours-cold') / med('sdk-cold')),
    oursColdVsBareCold: round(med('ours-cold') / med('bare-cold')),
    oursWarmVsBareWarm: round(med('ours-warm') / med('bare-warm')),
    oursSecondTurnVsBareSecondTurn: round(med('ours-warm', 'secondPostMs') / med('bare-warm', 'secondPostMs')),
    oursPrimedSecondTurnVsBareSecondTurn: round(med('ours-warm-primed', 'secondPostMs') / med('bare-warm', 'secondPostMs')),
  };
  const targets = {
    warmFirstPromptAtMostHalfSdkWarm: { target: 0.5, oursWarm: ratios.oursWarmVsSdkWarm, oursPrimed: ratios.oursPrimedVsSdkWarm, met: ratios.oursPrimedVsSdkWarm <= 0.5 || ratios.oursWarmVsSdkWarm <= 0.5 },
    laterTurnsWithin1_1xBare: { target: 1.1, turns2to5: laterRatio, secondTurnOfStartupTrials: ratios.oursSecondTurnVsBareSecondTurn, met: laterRatio <= 1.1 },
  };
  return { rounds: done, settleMs: SETTLE_MS, quiet: quietSummary(quiet), variants, ratios, laterTurns: { rounds: laterRounds, turnsPerProcess: 4, ratioOursVsBare: laterRatio, variants: laterTurnsResult }, targets, failures };
});
