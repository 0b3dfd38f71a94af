/** Runs the later-turns diagnostic alone (bench/startup/laterTurns.ts). */
import { makeSandbox } from '../../test/integration/harness';
import { startRemoteFakeApi } from '../lib/remoteFakeApi';
import { interleave, newQuietStats, summarize } from '../lib/stats';
import { LATER_VARIANTS, laterTurns, splits } from './laterTurns';

void (async () => {
  const rounds = Number(process.argv[2] ?? 6);
  const turns = Number(process.argv[3] ?? 4);
  const api = await startRemoteFakeApi({ replyText: 'ok, done.' });
  const sandbox = makeSandbox({ apiUrl: api.url, name: 'later' });
  const all = new Map<string, number[]>(LATER_VARIANTS.map((v) => [v, []]));
  await interleave(
    LATER_VARIANTS,
    rounds,
    async (v) => {
      const xs = await laterTurns(v, api, sandbox, turns);
      all.get(v)?.push(...xs);
      process.stderr.write(`  ${v.padEnd(12)} ${xs.map((x) => x.toFixed(1)).join(' ')}\n`);
      return xs[0];
    },
    { quiet: newQuietStats() },
  );
  for (const [v, xs] of all) console.log(v.padEnd(12), 'send → POST', JSON.stringify(summarize(xs)), '\n', ''.padEnd(11), 'send → init line', JSON.stringify(summarize(splits[v] ?? [])));
  await api.close();
  await sandbox.cleanup();
})();
