/**
 * Benchmark 2: stream decode + parse + route throughput over recorded real CLI output (bench/stream/record.ts).
 *   ours      NdjsonDecoder (64 KiB chunks, as a pipe delivers them) → parseCliLine → MessageRouter.dispatch (one subscriber)
 *   bare      JSON.parse over the same lines, already split and decoded (the limit)
 *   decode    the same lines as pre-split Buffers → toString('utf8') → JSON.parse (the limit for anyone reading bytes)
 *   readline  node:readline over a stream of the same chunks → JSON.parse
 *   proto     ours with a prototype decoder that copies long lines once (bench/stream/protoDecoder.ts)
 * Interleaved round-robin, GC before every pass. Also on the small lines alone (< 4 KiB: the per-line overhead).
 *
 *   node --expose-gc --import tsx bench/stream/main.ts  [BENCH_RECORD=1 to record again]
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { MessageRouter } from '../../src/core/stream/messageRouter';
import { NdjsonDecoder } from '../../src/core/stream/ndjsonDecoder';
import { parseCliLine } from '../../src/core/stream/parseCliMessage';
import { runChild } from '../lib/child';
import { interleave, newQuietStats, quietSummary, round, summarize } from '../lib/stats';
import { ProtoDecoder } from './protoDecoder';
import { record, RECORDING, recordingInfo } from './record';

const CHUNK = 64 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

interface Input {
  bytes: number;
  chunks: Buffer[];
  lines: string[];
  lineBuffers: Buffer[];
}

function chunked(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += CHUNK) out.push(buf.subarray(i, Math.min(buf.length, i + CHUNK)));
  return out;
}

function ours(input: Input): number {
  const decoder = new NdjsonDecoder(32 * 1024 * 1024);
  const router = new MessageRouter();
  let n = 0;
  router.onAny(() => {
    n++;
  });
  for (const chunk of input.chunks) {
    for (const line of decoder.push(chunk)) {
      if (line.kind !== 'line') continue;
      const parsed = parseCliLine(line.text);
      if (parsed.ok) router.dispatch(parsed.message);
    }
  }
  for (const line of decoder.end()) if (line.kind === 'line') n++;
  return n;
}

/** `ours` with the prototype decoder (bench/stream/protoDecoder.ts) in place of NdjsonDecoder. */
function proto(input: Input): number {
  const decoder = new ProtoDecoder(32 * 1024 * 1024);
  const router = new MessageRouter();
  let n = 0;
  router.onAny(() => {
    n++;
  });
  for (const chunk of input.chunks) {
    for (const line of decoder.push(chunk)) {
      if (line.kind !== 'line') continue;
      const parsed = parseCliLine(line.text);
      if (parsed.ok) router.dispatch(parsed.message);
    }
  }
  return n;
}

function bare(input: Input): number {
  let n = 0;
  for (const l of input.lines) {
    JSON.parse(l);
    n++;
  }
  return n;
}

function decodeAndParse(input: Input): number {
  let n = 0;
  for (const b of input.lineBuffers) {
    JSON.parse(b.toString('utf8'));
    n++;
  }
  return n;
}

function splitBuffers(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
    if (nl > start) out.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  return out;
}

async function readline(input: Input): Promise<number> {
  const rl = createInterface({ input: Readable.from(input.chunks, { objectMode: false }), crlfDelay: Infinity });
  let n = 0;
  for await (const l of rl) {
    if (!l) continue;
    JSON.parse(l);
    n++;
  }
  return n;
}

runChild('stream', async ({ scale, deadline }) => {
  let recording = recordingInfo();
  let recorded = false;
  if (!recording || process.env.BENCH_RECORD === '1') {
    process.stderr.write('  recording real CLI output (bench/.data/cli-stream.ndjson)…\n');
    await record(50);
    recording = recordingInfo();
    recorded = true;
  }
  if (!recording) throw new Error('no recording');
  const buf = readFileSync(RECORDING);
  const allLines = buf.toString('utf8').split('\n').filter((l) => l.length > 0);
  const smallLines = allLines.filter((l) => Buffer.byteLength(l) < 4096);
  const smallBuf = Buffer.from(smallLines.join('\n') + '\n', 'utf8');
  const inputs: Record<'all' | 'small', Input> = {
    all: { bytes: buf.length, chunks: chunked(buf), lines: allLines, lineBuffers: splitBuffers(buf) },
    small: { bytes: smallBuf.length, chunks: chunked(smallBuf), lines: smallLines, lineBuffers: splitBuffers(smallBuf) },
  };
  const variants = ['ours:all', 'proto:all', 'bare:all', 'decode:all', 'readline:all', 'ours:small', 'bare:small', 'decode:small', 'readline:small'] as const;
  const rounds = Math.max(3, Math.round(7 * scale));
  const counts: Record<string, number> = {};
  const quiet = newQuietStats();
  const { samples } = await interleave(
    variants,
    rounds,
    async (v) => {
      const [kind, set] = v.split(':') as ['ours' | 'proto' | 'bare' | 'decode' | 'readline', 'all' | 'small'];
      const input = inputs[set];
      gc();
      const t0 = performance.now();
      counts[v] = kind === 'ours' ? ours(input) : kind === 'proto' ? proto(input) : kind === 'bare' ? bare(input) : kind === 'decode' ? decodeAndParse(input) : await readline(input);
      const ms = performance.now() - t0;
      process.stderr.write(`  ${v.padEnd(15)} ${ms.toFixed(0).padStart(5)} ms  ${(input.bytes / 1048576 / (ms / 1000)).toFixed(0)} MB/s\n`);
      return ms;
    },
    { deadline: Math.min(deadline, Date.now() + 150_000), quiet },
  );
  const report: Record<string, unknown> = {};
  for (const v of variants) {
    const set = inputs[v.split(':')[1] as 'all' | 'small'];
    const s = summarize(samples[v]);
    report[v] = { ms: s, mbPerS: round(set.bytes / 1048576 / (s.median / 1000), 1), linesPerS: Math.round(set.lines.length / (s.median / 1000)), lines: counts[v] };
  }
  const med = (v: (typeof variants)[number]): number => summarize(samples[v]).median;
  const ratios = {
    oursVsBareAll: round(med('bare:all') / med('ours:all')),
    protoDecoderVsBareAll: round(med('bare:all') / med('proto:all')),
    protoDecoderVsOursAll: round(med('ours:all') / med('proto:all')),
    oursVsBareSmallLines: round(med('bare:small') / med('ours:small')),
    oursVsDecodeAndParseAll: round(med('decode:all') / med('ours:all')),
    oursVsDecodeAndParseSmallLines: round(med('decode:small') / med('ours:small')),
    oursVsReadlineAll: round(med('readline:all') / med('ours:all')),
    oursVsReadlineSmallLines: round(med('readline:small') / med('ours:small')),
  };
  return {
    input: { source: recorded ? 'recorded in this run' : `recording reused (recorded ${recording.recordedAt}, took ${recording.seconds} s)`, file: 'bench/.data/cli-stream.ndjson', megabytes: round(buf.length / 1048576, 1), lines: allLines.length, smallLines: { lines: smallLines.length, megabytes: round(smallBuf.length / 1048576, 1) }, scenarios: recording.scenarios, chunkBytes: CHUNK },
    rounds: samples['ours:all'].length,
    quiet: quietSummary(quiet),
    variants: report,
    ratios,
    target: { throughputVsBareParse: 0.8, value: ratios.oursVsBareAll, met: ratios.oursVsBareAll >= 0.8 },
  };
});
