/**
 * One trial of each way to get a prompt to the API: our SessionManager (cold, warm pool, warm pool + priming),
 * the bare CLI (cold, pre-spawned), and the Agent SDK (query(), startup()). Every trial measures, from the moment the
 * prompt is handed over: the first streaming POST /v1/messages at the fake API, and the first text delta delivered
 * to the caller. Warm variants also measure a second turn in the same process where they can.
 */
import type { Options, Query } from '@anthropic-ai/claude-agent-sdk';
import type { RecordedRequest } from '../../test/fixtures/fakeApi';
import type { BenchApi } from '../lib/remoteFakeApi';
import { claudeBinary, type CliMessage, type Sandbox } from '../../test/integration/harness';
import type { CliMessage as CoreMessage } from '../../src/core/stream/cliMessages';
import { nowMs, startBare } from '../lib/bareCli';
import { makeOurs, poolReady } from '../lib/ours';
import { primeWarmProcess } from '../priming/primedPool';
import { sleep } from '../lib/stats';

export const VARIANTS = ['bare-cold', 'bare-warm', 'ours-cold', 'ours-warm', 'ours-warm-primed', 'sdk-cold', 'sdk-warm', 'sdk-warm-canUseTool'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface TrialResult {
  /** Prompt handed over → first streaming POST /v1/messages arrives at the fake API. */
  firstPostMs: number;
  /** Prompt handed over → first text_delta stream event delivered to the caller (our: session.onMessage). */
  firstDeltaMs?: number;
  /** Second prompt in the same process → its POST. */
  secondPostMs?: number;
  /** Ours, warm: session.send() → the user line handed to the CLI's stdin pipe (our host code alone), 1st and 2nd turn. */
  hostFirstMs?: number;
  hostSecondMs?: number;
}

/** Records when each user line is handed to a CLI process's stdin (reaches into CliProcess: a benchmark probe only). */
function tapStdin(proc: unknown, onUserLine: (at: number) => void): void {
  const stdin = (proc as { child?: { stdin?: { write: (...a: unknown[]) => boolean } } }).child?.stdin;
  if (!stdin) return;
  const write = stdin.write.bind(stdin);
  stdin.write = (...a: unknown[]) => {
    if (typeof a[0] === 'string' && a[0].startsWith('{"type":"user"')) onUserLine(nowMs());
    return write(...a);
  };
}

/** How long a warm process sits idle after it is ready and before it is used (a pooled process waits much longer). */
export const SETTLE_MS = 1000;
const PROMPT = 'Explain the project layout briefly.';

function isTextDelta(m: { type?: string; event?: unknown }): boolean {
  if (m.type !== 'stream_event') return false;
  const e = m.event as { type?: string; delta?: { type?: string } } | undefined;
  return e?.type === 'content_block_delta' && e.delta?.type === 'text_delta';
}

/** The first streaming model request that arrived at or after `t0`. */
export async function streamingRequestAfter(api: BenchApi, t0: number, timeoutMs = 30_000): Promise<RecordedRequest> {
  const find = (): RecordedRequest | undefined => api.requests.find((r) => r.streaming && r.arrivedAt >= t0);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = find();
    if (r) return r;
    if (Date.now() > deadline) throw new Error('no model request arrived');
    await new Promise<void>((resolve) => {
      const off = api.onRequest(() => {
        off();
        resolve();
      });
      setTimeout(() => {
        off();
        resolve();
      }, 50);
    });
  }
}

export async function runVariant(v: Variant, api: BenchApi, sandbox: Sandbox): Promise<TrialResult> {
  switch (v) {
    case 'bare-cold':
    case 'bare-warm':
      return bare(v === 'bare-warm', api, sandbox);
    case 'ours-cold':
    case 'ours-warm':
    case 'ours-warm-primed':
      return ours(v, api, sandbox);
    case 'sdk-cold':
    case 'sdk-warm':
    case 'sdk-warm-canUseTool':
      return sdk(v !== 'sdk-cold', api, sandbox, v === 'sdk-warm-canUseTool');
  }
}

async function bare(warm: boolean, api: BenchApi, sandbox: Sandbox): Promise<TrialResult> {
  let firstDeltaAt = 0;
  const onMessage = (m: CliMessage): void => {
    if (!firstDeltaAt && isTextDelta(m)) firstDeltaAt = nowMs();
  };
  let t0 = nowMs();
  const b = startBare(sandbox, { onMessage });
  try {
    if (warm) {
      await b.control('initialize');
      await sleep(SETTLE_MS);
      t0 = nowMs();
    }
    const from = b.proc.messages.length;
    b.proc.sendUser(PROMPT);
    const req = await streamingRequestAfter(api, t0);
    await b.nextResult(from);
    const out: TrialResult = { firstPostMs: req.arrivedAt - t0, firstDeltaMs: firstDeltaAt - t0 };
    if (warm) {
      await sleep(50);
      const from2 = b.proc.messages.length;
      const t1 = b.sendUser('And the tests?');
      const req2 = await streamingRequestAfter(api, t1);
      await b.nextResult(from2);
      out.secondPostMs = req2.arrivedAt - t1;
    }
    return out;
  } finally {
    await b.close();
  }
}

async function ours(v: Variant, api: BenchApi, sandbox: Sandbox): Promise<TrialResult> {
  const warm = v !== 'ours-cold';
  const o = makeOurs(sandbox, { size: warm ? 1 : 0 });
  try {
    if (warm) {
      o.manager.warm(o.folder);
      await poolReady(o);
      if (v === 'ours-warm-primed') {
        // The pool-priming prototype (bench/priming/primedPool.ts): one get_context_usage per warm process.
        for (const p of o.manager.pool.processes()) if (!(await primeWarmProcess(p))) throw new Error('priming failed');
      }
      await sleep(SETTLE_MS);
    }
    const written: number[] = [];
    for (const p of o.manager.pool.processes()) tapStdin(p, (at) => written.push(at));
    const session = o.manager.create({ folder: o.folder });
    let firstDeltaAt = 0;
    session.onMessage((m: CoreMessage) => {
      if (!firstDeltaAt && isTextDelta(m as { type?: string; event?: unknown })) firstDeltaAt = nowMs();
    });
    const t0 = nowMs();
    const turn = session.send(PROMPT);
    const req = await streamingRequestAfter(api, t0);
    await turn;
    const out: TrialResult = { firstPostMs: req.arrivedAt - t0, firstDeltaMs: firstDeltaAt - t0 };
    if (warm) {
      out.hostFirstMs = written[0] - t0;
      await sleep(50);
      const t1 = nowMs();
      const turn2 = session.send('And the tests?');
      const req2 = await streamingRequestAfter(api, t1);
      await turn2;
      out.secondPostMs = req2.arrivedAt - t1;
      out.hostSecondMs = written[1] - t1;
    }
    return out;
  } finally {
    await o.manager.shutdown();
  }
}

/**
 * The SDK's defaults, pointed at our binary and sandbox. With `canUseTool` the SDK adds `--permission-prompt-tool stdio`
 * as our core always does (three more tools: AskUserQuestion, EnterPlanMode, ExitPlanMode), the like-for-like case.
 */
function sdkOptions(sandbox: Sandbox, canUseTool: boolean): Options {
  return {
    pathToClaudeCodeExecutable: claudeBinary(),
    cwd: sandbox.cwd,
    env: sandbox.env() as Record<string, string>,
    includePartialMessages: true,
    stderr: () => undefined,
    ...(canUseTool ? { canUseTool: (_tool: string, input: Record<string, unknown>) => Promise.resolve({ behavior: 'allow' as const, updatedInput: input }) } : {}),
  };
}

// A dynamic import: the SDK is ESM-only, and the benchmarks also run as esbuild CommonJS bundles (bench/run.mjs).
const loadSdk = (): Promise<typeof import('@anthropic-ai/claude-agent-sdk')> => import('@anthropic-ai/claude-agent-sdk');

async function sdk(warm: boolean, api: BenchApi, sandbox: Sandbox, canUseTool = false): Promise<TrialResult> {
  const { query, startup } = await loadSdk();
  const options = sdkOptions(sandbox, canUseTool);
  let t0: number;
  let q: Query;
  if (warm) {
    const w = await startup({ options });
    await sleep(SETTLE_MS);
    t0 = nowMs();
    q = w.query(PROMPT);
  } else {
    t0 = nowMs();
    q = query({ prompt: PROMPT, options });
  }
  let firstDeltaAt = 0;
  const reqP = streamingRequestAfter(api, t0);
  try {
    for await (const m of q) {
      if (!firstDeltaAt && isTextDelta(m as { type?: string; event?: unknown })) firstDeltaAt = nowMs();
      if (m.type === 'result') break;
    }
  } finally {
    q.close();
  }
  const req = await reqP;
  return { firstPostMs: req.arrivedAt - t0, firstDeltaMs: firstDeltaAt - t0 };
}
