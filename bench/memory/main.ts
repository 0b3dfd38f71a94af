/**
 * Benchmark 6: memory.
 *  - Host heap (node --expose-gc): before and after 10,000 streamed events through the core and the chat host path
 *    (an in-process fake CLI, bench/lib/fakeChild.ts), as one 10,000-delta turn and as 10 turns of 1,000; heap after
 *    GC with the session alive, and after it is removed; three repetitions, to see whether the baseline creeps.
 *  - The real CLI: RSS and PSS of idle warm-pool processes for pool sizes 1, 2, 4 (our SessionManager), and of one
 *    primed with get_context_usage.
 */
import { readFileSync } from 'node:fs';
import { startFakeApi } from '../../test/fixtures/fakeApi';
import { makeSandbox } from '../../test/integration/harness';
import { runChild } from '../lib/child';
import { makeHostPipeline } from '../lib/hostPipeline';
import { makeOurs, poolReady } from '../lib/ours';
import { primeWarmProcess } from '../priming/primedPool';
import { round, sleep } from '../lib/stats';
import { streamingTurnLines } from '../lib/turnLines';

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

async function streamThrough(turns: number, deltasPerTurn: number, withChat: boolean): Promise<{ baseMB: number; peakMB: number; afterTurnsMB: number; afterRemoveMB: number; itemsHeld: number }> {
  const p = makeHostPipeline({ withChat });
  let peak = 0;
  let itemsHeld = 0;
  try {
    const first = p.nextUserLine();
    let turn = p.session.send('stream 0');
    await first;
    const base = heapAfterGc();
    for (let t = 0; t < turns; t++) {
      peak = Math.max(peak, await printTurn(p.child(), deltasPerTurn, t + 1));
      await turn;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (t + 1 < turns) {
        const next = p.nextUserLine();
        turn = p.session.send(`stream ${t + 1}`);
        await next;
      }
    }
    await sleep(40); // the outbox's last frame
    const afterTurns = heapAfterGc();
    itemsHeld = p.transcript?.reducer.items().length ?? 0;
    await p.dispose();
    return { baseMB: round(base / MB), peakMB: round(peak / MB), afterTurnsMB: round(afterTurns / MB), afterRemoveMB: NaN, itemsHeld };
  } catch (err) {
    await p.dispose();
    throw err;
  }
}

/** streamThrough, then the heap once nothing of that session is referenced any more (not even by this benchmark). */
async function measured(turns: number, deltasPerTurn: number, withChat: boolean): Promise<Awaited<ReturnType<typeof streamThrough>>> {
  const r = await streamThrough(turns, deltasPerTurn, withChat);
  await sleep(350); // the manager's debounced save timer (300 ms) holds the session list until it fires
  return { ...r, afterRemoveMB: round(heapAfterGc() / MB) };
}

/**
 * Prints one turn in 64 KiB chunks; returns the highest heapUsed seen. A function of its own so that the 3 MB array of
 * lines is not kept alive by the caller's suspended async frame when the heap is measured after GC.
 */
async function printTurn(child: ReturnType<ReturnType<typeof makeHostPipeline>['child']>, deltas: number, turnNo: number): Promise<number> {
  let peak = 0;
  await child.printChunked(streamingTurnLines(deltas, undefined, turnNo), () => (peak = Math.max(peak, process.memoryUsage().heapUsed)));
  return peak;
}

function procMemory(pid: number): { rssMB: number; pssMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) * 1024;
  let pss = NaN;
  try {
    pss = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? NaN) * 1024;
  } catch {
    /* no smaps_rollup */
  }
  return { rssMB: round(rss / MB, 1), pssMB: round(pss / MB, 1) };
}

async function poolMemory(size: number, primed: boolean, api: Awaited<ReturnType<typeof startFakeApi>>, sandbox: ReturnType<typeof makeSandbox>) {
  void api;
  const o = makeOurs(sandbox, { size });
  try {
    o.manager.warm(o.folder);
    await poolReady(o, size, 60_000);
    if (primed) for (const p of o.manager.pool.processes()) await primeWarmProcess(p);
    await sleep(3000); // idle, as a pooled process is
    const procs = o.manager.pool.processes().map((p) => ({ pid: p.pid ?? 0, ...procMemory(p.pid ?? 0) }));
    return {
      size,
      primed,
      processes: procs.map(({ rssMB, pssMB }) => ({ rssMB, pssMB })),
      rssSumMB: round(procs.reduce((a, p) => a + p.rssMB, 0), 1),
      pssSumMB: round(procs.reduce((a, p) => a + p.pssMB, 0), 1),
    };
  } finally {
    await o.manager.shutdown();
  }
}

runChild('memory', async () => {
  if (!gc) throw new Error('run with node --expose-gc');
  const start = heapAfterGc();
  await measured(1, 2000, true); // warm-up: JIT, module state
  const warmedUp = heapAfterGc();
  const host: Record<string, unknown[]> = { oneTurnOf10000_core: [], oneTurnOf10000_chat: [], tenTurnsOf1000_chat: [] };
  const reps = 3;
  for (let i = 0; i < reps; i++) {
    host.oneTurnOf10000_core.push(await measured(1, 10_000, false));
    host.oneTurnOf10000_chat.push(await measured(1, 10_000, true));
    host.tenTurnsOf1000_chat.push(await measured(10, 1000, true));
  }
  const end = heapAfterGc();
  // Does anything accumulate per session? 30 more short sessions; the heap after each, once it is removed.
  const creep: number[] = [];
  for (let i = 0; i < 30; i++) creep.push((await measured(1, 300, true)).afterRemoveMB);
  const slopeKB = round(((creep[29] - creep[9]) / 20) * 1024, 1);

  const api = await startFakeApi();
  const sandbox = makeSandbox({ apiUrl: api.url, name: 'memory' });
  const cli: unknown[] = [];
  try {
    for (const [size, primed] of [[1, false], [2, false], [4, false], [1, true]] as const) {
      const r = await poolMemory(size, primed, api, sandbox);
      cli.push(r);
      process.stderr.write(`  pool ${size}${primed ? ' primed' : ''}: RSS ${r.rssSumMB} MB, PSS ${r.pssSumMB} MB\n`);
    }
  } finally {
    await api.close();
    await sandbox.cleanup();
  }
  return {
    host: {
      how: 'heapUsed after 3 forced GCs; a fake in-process CLI prints turns built from captured real lines in 64 KiB chunks; "core" = session only, "chat" = session + transcript reducer + outbox',
      heapAtStartMB: round(start / MB),
      heapAfterWarmupMB: round(warmedUp / MB),
      heapAtEndMB: round(end / MB),
      runs: host,
      perSessionCreep: { sessions: creep.length, heapAfterEachMB: creep, kbPerSessionOverLast20: slopeKB },
    },
    cli: { how: 'idle warm-pool processes of our SessionManager, 3 s after initialize; RSS from /proc/<pid>/status, PSS from /proc/<pid>/smaps_rollup (shared pages split between processes)', pools: cli },
  };
});
