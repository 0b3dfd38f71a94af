/**
 * Benchmark 3: host overhead from a CLI stdout line to the chat message ready to post to the webview.
 * The session runs on an in-process fake CLI (bench/lib/fakeChild.ts) that prints a streamed turn built from the real
 * CLI's captured lines, paced at 500 lines/s (one line per write, as the CLI flushes them). Per line we take:
 *   routed   line written → session.onMessage (NdjsonDecoder → parseCliLine → MessageRouter → Session)
 *   ready    line written → the transcript reducer's change handed to the ChatOutbox (ready to post)
 *   posted   line written → the outbox's postMessage (coalesced per 16 ms frame: includes the wait for the frame)
 * Variant `core` has no chat attached (only `routed`); `chat` is the whole host path. Interleaved; then a burst
 * (the whole turn written as fast as the stream takes it) gives the CPU cost per line.
 */
import type { HostMessage } from '../../src/protocol/chatProtocol';
import { makeHostPipeline } from '../lib/hostPipeline';
import { runChild } from '../lib/child';
import { interleave, newQuietStats, quietSummary, round, sleep, summarize } from '../lib/stats';
import { streamingTurnLines } from '../lib/turnLines';

const PACED_DELTAS = 1500;
const BURST_DELTAS = 10_000;

interface Paced {
  routed: number[];
  ready: number[];
  posted: number[];
  posts: number;
}

async function paced(withChat: boolean): Promise<Paced> {
  const out: Paced = { routed: [], ready: [], posted: [], posts: 0 };
  const pushTimes: number[] = [];
  let current = 0;
  let pendingForPost: number[] = [];
  const post = (m: HostMessage): void => {
    if (m.type !== 'items') return;
    out.posts++;
    const now = performance.now();
    for (const t of pendingForPost) out.posted.push(now - t);
    pendingForPost = [];
  };
  const p = makeHostPipeline({ withChat, post });
  try {
    const got = p.nextUserLine();
    const turn = p.session.send('stream please');
    await got;
    await sleep(20);
    p.session.onMessage((m) => {
      if ((m as { aicode_prompt?: boolean }).aicode_prompt) return;
      const t = pushTimes.shift();
      if (t === undefined) return;
      out.routed.push(performance.now() - t);
    });
    p.transcript?.onChanges(() => {
      out.ready.push(performance.now() - current);
      pendingForPost.push(current);
    });
    const lines = streamingTurnLines(PACED_DELTAS);
    const child = p.child();
    for (const line of lines) {
      // Lines are 2 ms apart and handled in microseconds, so `current` is this line's time when its change fires
      // (the transcript subscribed before this probe, so the FIFO below cannot be used for it).
      current = performance.now();
      pushTimes.push(current);
      child.print([line]);
      await sleep(2);
    }
    await turn;
    await sleep(40);
  } finally {
    await p.dispose();
  }
  return out;
}

async function burst(withChat: boolean): Promise<number> {
  const p = makeHostPipeline({ withChat });
  try {
    const got = p.nextUserLine();
    const turn = p.session.send('stream please');
    await got;
    await sleep(20);
    const lines = streamingTurnLines(BURST_DELTAS);
    const child = p.child();
    const t0 = performance.now();
    await child.printChunked(lines);
    await turn;
    return ((performance.now() - t0) * 1000) / lines.length;
  } finally {
    await p.dispose();
  }
}

runChild('host', async ({ scale, deadline }) => {
  const rounds = Math.max(3, Math.round(6 * scale));
  const quiet = newQuietStats();
  const pacedRuns: Record<'core' | 'chat', Paced[]> = { core: [], chat: [] };
  await paced(true); // warm-up (JIT)
  await interleave(
    ['core', 'chat'] as const,
    rounds,
    async (v) => {
      const r = await paced(v === 'chat');
      pacedRuns[v].push(r);
      process.stderr.write(`  paced ${v}: routed p50 ${summarize(r.routed).median} ms${v === 'chat' ? `, ready p50 ${summarize(r.ready).median} ms, posted p50 ${summarize(r.posted).median} ms (${r.posts} posts)` : ''}\n`);
      return summarize(r.routed).median;
    },
    { deadline: Math.min(deadline, Date.now() + 90_000), quiet },
  );
  const all = (v: 'core' | 'chat', k: 'routed' | 'ready' | 'posted'): number[] => pacedRuns[v].flatMap((r) => r[k]);
  const pct = (xs: number[]) => {
    const s = summarize(xs);
    const sorted = [...xs].sort((a, b) => a - b);
    return { n: s.n, p50: s.median, p95: s.p95, p99: round(sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] ?? NaN), max: s.max };
  };
  const burstRuns: Record<'core' | 'chat', number[]> = { core: [], chat: [] };
  await burst(true);
  await interleave(['core', 'chat'] as const, Math.max(3, Math.round(5 * scale)), async (v) => {
    const us = await burst(v === 'chat');
    burstRuns[v].push(us);
    return us;
  }, { quiet });
  const coreUs = summarize(burstRuns.core).median;
  const chatUs = summarize(burstRuns.chat).median;
  return {
    quiet: quietSummary(quiet),
    reducer: 'src/core/transcript/transcriptReducer.ts via src/vscode/chat/sessionTranscripts.ts, batched by src/vscode/chat/chatOutbox.ts (16 ms frames)',
    paced: {
      linesPerTurn: PACED_DELTAS + 9,
      rate: '500 lines/s',
      rounds: pacedRuns.chat.length,
      coreRoutedMs: pct(all('core', 'routed')),
      chatRoutedMs: pct(all('chat', 'routed')),
      chatReadyMs: pct(all('chat', 'ready')),
      chatPostedMs: pct(all('chat', 'posted')),
      postsPerTurn: round(summarize(pacedRuns.chat.map((r) => r.posts)).median, 0),
    },
    burst: {
      linesPerTurn: BURST_DELTAS + 9,
      coreUsPerLine: coreUs,
      chatUsPerLine: chatUs,
      reducerAndOutboxUsPerLine: round(chatUs - coreUs),
    },
  };
});
