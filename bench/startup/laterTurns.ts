/**
 * Diagnostic: why is a later turn slower through our core than on the bare CLI? Compares, in warm processes, the
 * bare CLI sending plain user lines, the bare CLI sending our exact line shape (uuid + parent_tool_use_id) and our
 * environment (CLAUDE_CODE_ENTRYPOINT=aicode-manager), and our SessionManager. Turns 2..N of each process.
 *
 *   npx tsx bench/startup/laterTurns.ts [rounds] [turnsPerProcess]
 */
import { randomUUID } from 'node:crypto';
import { startFakeApi, text } from '../../test/fixtures/fakeApi';
import { makeSandbox, type Sandbox } from '../../test/integration/harness';
import type { FakeApi } from '../../test/fixtures/fakeApi';
import { nowMs, startBare } from '../lib/bareCli';
import { makeOurs, poolReady } from '../lib/ours';
import { interleave, newQuietStats, sleep, summarize } from '../lib/stats';
import { streamingRequestAfter } from './variants';

export const LATER_VARIANTS = ['bare', 'bare+uuid', 'bare+ourEnv', 'ours'] as const;
type V = (typeof LATER_VARIANTS)[number];

export async function laterTurns(v: V, api: FakeApi, sandbox: Sandbox, turns: number): Promise<number[]> {
  const out: number[] = [];
  if (v === 'ours') {
    const o = makeOurs(sandbox, { size: 1 });
    try {
      o.manager.warm(o.folder);
      await poolReady(o);
      await sleep(300);
      const s = o.manager.create({ folder: o.folder });
      await s.send('first');
      for (let i = 0; i < turns; i++) {
        await sleep(50);
        const t = nowMs();
        const p = s.send(`turn ${i}`);
        out.push((await streamingRequestAfter(api, t)).arrivedAt - t);
        await p;
      }
    } finally {
      await o.manager.shutdown();
    }
    return out;
  }
  const env = v === 'bare+ourEnv' ? { CLAUDE_CODE_ENTRYPOINT: 'aicode-manager', AICODE_PROCESS_ID: randomUUID() } : undefined;
  const b = startBare(sandbox, { env });
  try {
    await b.control('initialize');
    await sleep(300);
    const send = (textLine: string): void => {
      if (v === 'bare') b.proc.sendUser(textLine);
      else b.proc.send({ type: 'user', message: { role: 'user', content: textLine }, parent_tool_use_id: null, uuid: randomUUID() });
    };
    let from = b.proc.messages.length;
    send('first');
    await b.nextResult(from);
    for (let i = 0; i < turns; i++) {
      await sleep(50);
      from = b.proc.messages.length;
      const t = nowMs();
      send(`turn ${i}`);
      out.push((await streamingRequestAfter(api, t)).arrivedAt - t);
      await b.nextResult(from);
    }
  } finally {
    await b.close();
  }
  return out;
}

{
  void (async () => {
    const rounds = Number(process.argv[2] ?? 6);
    const turns = Number(process.argv[3] ?? 4);
    const api = await startFakeApi({ handler: () => text('ok, done.', { chunkSize: 8 }) });
    const sandbox = makeSandbox({ apiUrl: api.url, name: 'later' });
    const all = new Map<V, number[]>(LATER_VARIANTS.map((v) => [v, []]));
    await interleave(LATER_VARIANTS, rounds, async (v) => {
      const xs = await laterTurns(v, api, sandbox, turns);
      all.get(v)?.push(...xs);
      process.stderr.write(`  ${v.padEnd(12)} ${xs.map((x) => x.toFixed(1)).join(' ')}\n`);
      return xs[0];
    }, { quiet: newQuietStats() });
    for (const [v, xs] of all) console.log(v.padEnd(12), JSON.stringify(summarize(xs)));
    await api.close();
    await sandbox.cleanup();
  })();
}
