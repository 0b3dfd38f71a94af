/**
 * Priming investigation: for each candidate, a fresh bare CLI is spawned and initialised, left to settle, primed,
 * and then sent the first real prompt; we measure send → first POST /v1/messages at the fake API, what the priming
 * cost (time, API calls, bytes sent), and whether the conversation carries anything of it. Candidates are
 * interleaved round-robin. Prints one JSON object on stdout (bench/run.mjs collects it); progress on stderr.
 *
 * Run alone: npx tsx bench/priming/main.ts (BENCH_ROUNDS, BENCH_ONLY="name,name" to choose).
 */
import { readFileSync } from 'node:fs';
import { makeSandbox } from '../../test/integration/harness';
import { transcriptPath } from '../../src/core/history/transcripts';
import { startBare, type BareCli } from '../lib/bareCli';
import { startRemoteFakeApi, type BenchApi } from '../lib/remoteFakeApi';
import { interleave, newQuietStats, quietSummary, sleep, summarize, round } from '../lib/stats';
import { CANDIDATES, classifyRequests, pollutionOf, type Candidate, type Pollution } from './candidates';

const PROMPT = 'what does this repo do?';

interface Trial {
  firstPostMs: number;
  secondTurnMs: number;
  primeMs: number;
  calls: ReturnType<typeof classifyRequests>;
  pollution: Pollution;
}

export async function runPriming(rounds: number, only: string[] = [], deadline?: number): Promise<Record<string, unknown>> {
  const api = await startRemoteFakeApi();
  const sandbox = makeSandbox({ apiUrl: api.url, name: 'priming' });
  const candidates = CANDIDATES.filter((c) => only.length === 0 || only.includes(c.name));
  const trials = new Map<string, Trial[]>(candidates.map((c) => [c.name, []]));
  const errors = new Map<string, string>();
  const quiet = newQuietStats();
  try {
    // One throw-away run first: the very first CLI start on a fresh HOME writes its config and is slower.
    await trial(candidates[0], api, sandbox).catch(() => undefined);
    await interleave(
      candidates.map((c) => c.name),
      rounds,
      async (name) => {
        const c = candidates.find((x) => x.name === name) as Candidate;
        let t: Trial;
        try {
          t = await trial(c, api, sandbox);
        } catch (err) {
          errors.set(name, (err as Error).message.split('\n')[0].slice(0, 200));
          process.stderr.write(`  priming ${name.padEnd(28)} failed: ${errors.get(name)}\n`);
          return undefined;
        }
        trials.get(name)?.push(t);
        process.stderr.write(`  priming ${name.padEnd(28)} first POST ${t.firstPostMs.toFixed(1)} ms  (prime ${t.primeMs.toFixed(0)} ms, ${t.calls.messages}+${t.calls.countTokens} calls)\n`);
        return t.firstPostMs;
      },
      { deadline, quiet },
    );
  } finally {
    await api.close();
    await sandbox.cleanup();
  }
  const out: Record<string, unknown> = { _quiet: quietSummary(quiet) };
  for (const c of candidates) {
    const ts = trials.get(c.name) ?? [];
    if (ts.length === 0) {
      out[c.name] = { call: c.call, error: errors.get(c.name) ?? 'no sample' };
      continue;
    }
    const last = ts[ts.length - 1];
    out[c.name] = {
      call: c.call,
      firstPostMs: summarize(ts.map((t) => t.firstPostMs)),
      secondTurnMs: summarize(ts.map((t) => t.secondTurnMs)),
      primeMs: summarize(ts.map((t) => t.primeMs)),
      apiCalls: { messages: round(avg(ts.map((t) => t.calls.messages)), 1), countTokens: round(avg(ts.map((t) => t.calls.countTokens)), 1), requestKB: round(avg(ts.map((t) => t.calls.inputBytes)) / 1024, 1) },
      pollutesRequest: last.pollution.extraInRequest,
      pollutesTranscript: last.pollution.transcriptLinesBefore,
    };
  }
  return out;
}

const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function trial(c: Candidate, api: BenchApi, sandbox: ReturnType<typeof makeSandbox>): Promise<Trial> {
  const b: BareCli = startBare(sandbox, { onMessage: c.onCliRequest ? (m, bare) => m.type === 'control_request' && c.onCliRequest?.(bare, m) : undefined });
  try {
    await b.control('initialize', c.initFields ?? {});
    // A pooled process sits idle for a while before it is used; the CLI finishes its own start-up work meanwhile.
    await sleep(700);
    const fromAll = api.allRequests.length;
    const t0 = performance.now();
    await c.prime(b);
    const primeMs = performance.now() - t0;
    await sleep(150);
    const calls = classifyRequests(api, fromAll);
    const before = api.requests.length;
    const from = b.proc.messages.length;
    const sentAt = b.sendUser(PROMPT);
    const req = (await api.waitForRequests(before + 1, 20_000))[before];
    const result = await b.nextResult(from);
    const sessionId = String(result.session_id ?? b.sessionId);
    await sleep(50);
    const before2 = api.requests.length;
    const from2 = b.proc.messages.length;
    const sent2 = b.sendUser('and then?');
    const req2 = (await api.waitForRequests(before2 + 1, 20_000))[before2];
    await b.nextResult(from2);
    await b.close();
    let transcript: string[] = [];
    try {
      transcript = readFileSync(transcriptPath(sandbox.cwd, sessionId, sandbox.home), 'utf8').trim().split('\n');
    } catch {
      transcript = [];
    }
    return { firstPostMs: req.arrivedAt - sentAt, secondTurnMs: req2.arrivedAt - sent2, primeMs, calls, pollution: pollutionOf(req, PROMPT, transcript) };
  } finally {
    await b.close(500);
  }
}
