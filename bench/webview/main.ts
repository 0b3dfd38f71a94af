/**
 * Benchmark 4: the chat webview in headless Chromium (playwright-core, /usr/bin/chromium), production bundle
 * (bench/lib/bundles.ts) in a static harness page with a stub acquireVsCodeApi, driven with the host → webview
 * messages of src/protocol/chatProtocol.ts.
 *  - open: page navigation → the webview says `ready` → the stub answers with a 5,000-item `snapshot` → painted
 *    (the frame after the app rendered it); also snapshot handling alone (message → painted).
 *  - stream: 500 text deltas/s for 6 s, posted as the host's ChatOutbox does (one `items` upsert of the growing
 *    assistant item per 16 ms frame), at the end of the 5,000-item transcript and in a fresh one; frame intervals
 *    from requestAnimationFrame, long animation frames from the Chromium performance timeline (PerformanceObserver).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ChatItem, SessionView } from '../../src/protocol/chatProtocol';
import { REPO_ROOT } from '../../test/integration/harness';
import { buildProduction, BUNDLE_DIR } from '../lib/bundles';
import { runChild } from '../lib/child';
import { interleave, newQuietStats, quietSummary, round, summarize } from '../lib/stats';
import { longTranscript, streamPieces } from './transcript';

/** An inert switch that marks our Chromium processes, so bench/run.mjs can check none is left behind. */
export const BROWSER_MARKER = `--aicode-bench-marker=${process.env.BENCH_MARKER ?? randomUUID()}`;
const HARNESS = join(REPO_ROOT, 'out', 'bench', 'webview', 'harness.html');
const STREAM_MS = 6000;
const DELTAS_PER_S = 500;

const session: SessionView = { id: 'bench-session', title: 'Benchmark', folderName: 'work', folderPath: '/work', permissionMode: 'default', state: 'idle', demo: false, costUsd: 0, inputTokens: 0, outputTokens: 0, turns: 0, queue: [] };

function writeHarness(): void {
  mkdirSync(join(REPO_ROOT, 'out', 'bench', 'webview'), { recursive: true });
  const dist = join(BUNDLE_DIR, 'media', 'dist');
  writeFileSync(
    HARNESS,
    `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="file://${join(dist, 'chat.css')}"><title>bench</title></head>
<body><div id="aicode-chat-root"></div><script src="file://${join(dist, 'chat.js')}"></script></body></html>`,
  );
}

/** Functions passed to the page are compiled by tsx with esbuild's keepNames when run by hand: give them its helper. */
const NAME_SHIM = 'window.__name = function (f) { return f; };';

/** Runs in the page before the bundle: the VS Code API stub; answers `ready` with the prepared snapshot. */
function initScript(arg: { snapshot: unknown }): void {
  const w = window as unknown as Record<string, unknown>;
  w.__posted = [] as unknown[];
  w.acquireVsCodeApi = () => ({
    postMessage(m: { type?: string }) {
      (w.__posted as unknown[]).push(m);
      if (m?.type !== 'ready') return;
      w.__readyAt = performance.now();
      // Registered after the app's own listener, so it runs once the app handled the snapshot.
      window.addEventListener(
        'message',
        () => {
          w.__handledAt = performance.now();
          requestAnimationFrame(() => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => (w.__paintedAt = performance.now());
            ch.port2.postMessage(0);
          });
        },
        { once: true },
      );
      window.postMessage(arg.snapshot, '*');
    },
    getState: () => undefined,
    setState: () => undefined,
  });
}

async function open(browser: Browser, items: ChatItem[]): Promise<{ openMs: number; readyMs: number; snapshotToPaintMs: number; handleMs: number; domNodes: number; renderedItems: number; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.addInitScript(NAME_SHIM);
    await page.addInitScript(initScript, { snapshot: { type: 'snapshot', session, items, modelChoices: ['default', 'sonnet', 'opus'] } });
    await page.goto(`file://${HARNESS}`);
    await page.waitForFunction(() => (window as unknown as { __paintedAt?: number }).__paintedAt !== undefined, undefined, { timeout: 30_000 });
    const r = await page.evaluate(() => {
      const w = window as unknown as Record<string, number>;
      return { readyAt: w.__readyAt, handledAt: w.__handledAt, paintedAt: w.__paintedAt, domNodes: document.getElementsByTagName('*').length, renderedItems: document.querySelectorAll('.log-content [data-id]').length };
    });
    return { openMs: r.paintedAt, readyMs: r.readyAt, snapshotToPaintMs: r.paintedAt - r.readyAt, handleMs: r.handledAt - r.readyAt, domNodes: r.domNodes, renderedItems: r.renderedItems, errors };
  } finally {
    await page.close();
  }
}

interface StreamResult {
  frames: number;
  intervalsMs: number[];
  longFrames: { durationMs: number; blockingMs: number }[];
  deltas: number;
  posts: number;
  finalChars: number;
  errors: string[];
}

async function stream(browser: Browser, items: ChatItem[]): Promise<StreamResult> {
  const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.addInitScript(NAME_SHIM);
    await page.addInitScript(initScript, { snapshot: { type: 'snapshot', session, items, modelChoices: ['default'] } });
    await page.goto(`file://${HARNESS}`);
    await page.waitForFunction(() => (window as unknown as { __paintedAt?: number }).__paintedAt !== undefined, undefined, { timeout: 30_000 });
    await page.waitForTimeout(300);
    const r = await page.evaluate(
      async ({ durationMs, perSecond, pieces }) => {
        const intervals: number[] = [];
        const longFrames: { durationMs: number; blockingMs: number }[] = [];
        let last = 0;
        let running = true;
        const loop = (t: number): void => {
          if (last) intervals.push(t - last);
          last = t;
          if (running) requestAnimationFrame(loop);
        };
        requestAnimationFrame(loop);
        let po: PerformanceObserver | undefined;
        try {
          po = new PerformanceObserver((list) => {
            for (const e of list.getEntries()) longFrames.push({ durationMs: e.duration, blockingMs: (e as unknown as { blockingDuration?: number }).blockingDuration ?? 0 });
          });
          po.observe({ type: 'long-animation-frame', buffered: false });
        } catch {
          po = undefined;
        }
        window.postMessage({ type: 'items', upserts: [{ id: 'u:stream', kind: 'user', text: 'Explain the pool, with code.' }], removes: [] }, '*');
        let text = '';
        let i = 0;
        let posts = 0;
        const start = performance.now();
        await new Promise<void>((resolve) => {
          // The host's ChatOutbox: at most one `items` message per 16 ms frame, carrying the whole item so far.
          const tick = (): void => {
            const elapsed = performance.now() - start;
            const target = Math.min(Math.floor((elapsed * perSecond) / 1000), Math.floor((durationMs * perSecond) / 1000));
            while (i < target) text += pieces[i++ % pieces.length];
            window.postMessage({ type: 'items', upserts: [{ id: 'a:stream', kind: 'assistant', text, streaming: elapsed < durationMs }], removes: [] }, '*');
            posts++;
            if (elapsed < durationMs) setTimeout(tick, 16);
            else resolve();
          };
          tick();
        });
        await new Promise((res) => setTimeout(res, 200));
        running = false;
        po?.disconnect();
        return { frames: intervals.length, intervalsMs: intervals, longFrames, deltas: i, posts, finalChars: text.length };
      },
      { durationMs: STREAM_MS, perSecond: DELTAS_PER_S, pieces: streamPieces() },
    );
    return { ...r, errors };
  } finally {
    await page.close();
  }
}

function frameStats(runs: StreamResult[]) {
  const intervals = runs.flatMap((r) => r.intervalsMs);
  const s = summarize(intervals);
  const sorted = [...intervals].sort((a, b) => a - b);
  const long = runs.flatMap((r) => r.longFrames);
  const seconds = (STREAM_MS + 200) / 1000;
  return {
    runs: runs.length,
    frames: intervals.length,
    fps: round(intervals.length / runs.length / seconds, 1),
    frameIntervalMs: { p50: s.median, p95: s.p95, p99: round(sorted[Math.ceil(0.99 * sorted.length) - 1] ?? NaN), max: s.max },
    framesOver25ms: intervals.filter((x) => x > 25).length,
    framesOver50ms: intervals.filter((x) => x > 50).length,
    longAnimationFrames: { count: long.length, perSecond: round(long.length / runs.length / seconds, 2), maxMs: round(Math.max(0, ...long.map((l) => l.durationMs))), totalBlockingMs: round(long.reduce((a, l) => a + l.blockingMs, 0) / runs.length) },
    deltasPerRun: runs[0]?.deltas,
    postsPerRun: runs[0]?.posts,
    finalTextChars: runs[0]?.finalChars,
    pageErrors: [...new Set(runs.flatMap((r) => r.errors))].slice(0, 3),
  };
}

runChild('webview', async ({ scale, deadline }) => {
  await buildProduction({ webview: true });
  if (!existsSync(join(BUNDLE_DIR, 'media', 'dist', 'chat.js'))) throw new Error('webview bundle missing');
  writeHarness();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--allow-file-access-from-files', BROWSER_MARKER],
  });
  try {
    const big = longTranscript(5000);
    const small = longTranscript(12);
    await open(browser, big); // warm the browser's caches (the bundle file, fonts)
    const opens: Awaited<ReturnType<typeof open>>[] = [];
    const quiet = newQuietStats();
    await interleave(['open5000'] as const, Math.max(3, Math.round(7 * scale)), async () => {
      const r = await open(browser, big);
      opens.push(r);
      process.stderr.write(`  open 5,000 items: ${r.openMs.toFixed(0)} ms from navigation (snapshot → painted ${r.snapshotToPaintMs.toFixed(0)} ms), ${r.renderedItems} items in the DOM\n`);
      return r.openMs;
    }, { deadline: Math.min(deadline, Date.now() + 60_000), quiet });
    const streams: Record<'after5000' | 'fresh', StreamResult[]> = { after5000: [], fresh: [] };
    await interleave(['after5000', 'fresh'] as const, Math.max(1, Math.round(2 * scale)), async (v) => {
      const r = await stream(browser, v === 'after5000' ? big : small);
      streams[v].push(r);
      const s = summarize(r.intervalsMs);
      process.stderr.write(`  stream 500/s (${v}): ${r.frames} frames, interval p50 ${s.median} ms p95 ${s.p95} ms max ${s.max} ms, ${r.longFrames.length} long frames\n`);
      return s.p95;
    }, { deadline: Math.min(deadline, Date.now() + 90_000), quiet });
    return {
      chromium: browser.version(),
      quiet: quietSummary(quiet),
      bundle: 'production webview bundle (minified), out/bench/bundle/media/dist/chat.js',
      viewport: '480×900',
      open5000: {
        runs: opens.length,
        navigationToPaintedMs: summarize(opens.map((o) => o.openMs)),
        readyAfterNavigationMs: summarize(opens.map((o) => o.readyMs)),
        snapshotToPaintedMs: summarize(opens.map((o) => o.snapshotToPaintMs)),
        snapshotHandlerMs: summarize(opens.map((o) => o.handleMs)),
        itemsInDom: opens[0]?.renderedItems,
        domNodes: opens[0]?.domNodes,
        pageErrors: [...new Set(opens.flatMap((o) => o.errors))].slice(0, 3),
      },
      stream500PerSecond: { after5000Items: frameStats(streams.after5000), freshTranscript: frameStats(streams.fresh) },
    };
  } finally {
    await browser.close();
  }
});
