/**
 * Records real CLI output for the stream benchmark: the real `claude` (stream-json, partial messages, the flags our
 * core uses) against the fake API with mixed replies, its raw stdout appended to bench/.data/cli-stream.ndjson
 * (git-ignored). One CLI process per scenario, so no conversation grows past what one turn needs.
 * `npm run bench -- --record` (or BENCH_RECORD=1) records again; otherwise the stream benchmark reuses the file.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filler, lastToolResults, lastUserText, startFakeApi, text, toolUse, type FakeApi, type Reply } from '../../test/fixtures/fakeApi';
import { makeSandbox, REPO_ROOT, spawnClaude, type Sandbox } from '../../test/integration/harness';
import { bareArgs } from '../lib/bareCli';

export const DATA_DIR = join(REPO_ROOT, 'bench', '.data');
export const RECORDING = join(DATA_DIR, 'cli-stream.ndjson');
export const RECORDING_META = join(DATA_DIR, 'cli-stream.meta.json');

/** Usage the fake reports: small, so the CLI never thinks its context is full and autocompacts. */
const usage = { input_tokens: 1200, output_tokens: 300 };

interface Scenario {
  name: string;
  /** The reply to the prompt, and (for tools) the reply after the tool result. */
  first: Reply;
  afterTool?: Reply;
}

function prose(bytes: number, seed: number): string {
  const words = ['the', 'session', 'manager', 'keeps', 'a', 'warm', 'process', 'ready', 'while', 'streaming', 'deltas', 'to', 'café', 'naïve', '→', 'webview', 'résumé', 'über'];
  const out: string[] = [];
  let n = 0;
  for (let i = seed; n < bytes; i++) {
    const w = words[(i * 7 + (i >> 3)) % words.length];
    out.push(w);
    n += w.length + 1;
    if (i % 17 === 0) out.push('\n');
  }
  return out.join(' ').slice(0, bytes);
}

function scenarios(): Scenario[] {
  const small = (i: number): Scenario => ({ name: `small-deltas-${i}`, first: text(prose(110_000, i), { chunkSize: 6, usage }) });
  return [
    small(1),
    { name: 'read-file', first: toolUse('Read', { file_path: 'notes.md' }, { text: 'Reading it.', usage }), afterTool: text(prose(4000, 3), { usage }) },
    { name: 'bash-output', first: toolUse('Bash', { command: 'cat notes.md notes.md', description: 'Show notes' }, { text: 'Running it.', usage }), afterTool: text(prose(4000, 5), { usage }) },
    small(2),
    { name: 'write-4mb', first: toolUse('Write', { file_path: 'big-out.txt', content: filler(4 * 1024 * 1024) }, { text: 'Writing the file.', chunkSize: 16384, usage }), afterTool: text('Done.', { usage }) },
    small(3),
    { name: 'huge-text-10mb', first: text(filler(10 * 1024 * 1024), { chunkSize: 16384, usage }) },
    small(4),
    { name: 'huge-text-10mb-b', first: text(filler(10 * 1024 * 1024), { chunkSize: 16384, usage }) },
    small(5),
  ];
}

async function runScenario(s: Scenario, api: FakeApi, sandbox: Sandbox, sink: (chunk: Buffer) => void): Promise<number> {
  api.setHandler((req) => (lastToolResults(req.body).length > 0 ? (s.afterTool ?? text('ok', { usage })) : lastUserText(req.body) ? s.first : text('ok', { usage })));
  const proc = spawnClaude(sandbox, [...bareArgs(), '--permission-mode=acceptEdits'], { env: { BASH_MAX_OUTPUT_LENGTH: '150000' } });
  let bytes = 0;
  proc.child.stdout?.on('data', (c: Buffer | string) => {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c, 'utf8');
    bytes += b.length;
    sink(b);
  });
  proc.sendUser(`scenario ${s.name}`);
  await proc.waitForResult(1, 120_000);
  proc.closeStdin();
  const timer = setTimeout(() => void proc.kill('SIGKILL'), 5000);
  await proc.exited;
  clearTimeout(timer);
  return bytes;
}

export async function record(minMB = 50): Promise<{ bytes: number; lines: number; seconds: number; scenarios: string[] }> {
  mkdirSync(DATA_DIR, { recursive: true });
  const started = Date.now();
  const api = await startFakeApi();
  const sandbox = makeSandbox({ apiUrl: api.url, name: 'record' });
  writeFileSync(join(sandbox.cwd, 'notes.md'), prose(60_000, 11));
  const out = createWriteStream(RECORDING);
  let total = 0;
  const ran: string[] = [];
  try {
    // The harness decodes stdout as UTF-8 strings; re-encoding gives back the exact bytes (the CLI prints valid UTF-8).
    const list = scenarios();
    for (let i = 0; total < minMB * 1024 * 1024 || i < list.length; i++) {
      const s = list[i % list.length];
      total += await runScenario(s, api, sandbox, (b) => out.write(b));
      ran.push(s.name);
      process.stderr.write(`  recorded ${s.name}: ${(total / 1048576).toFixed(1)} MB so far\n`);
      if (i > 40) break;
    }
  } finally {
    await new Promise<void>((r) => out.end(() => r()));
    await api.close();
    await sandbox.cleanup();
  }
  const data = readFileSync(RECORDING);
  let lines = 0;
  for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) lines++;
  const meta = { bytes: data.length, lines, seconds: Math.round((Date.now() - started) / 100) / 10, scenarios: ran, recordedAt: new Date().toISOString(), cli: '2.1.197' };
  writeFileSync(RECORDING_META, JSON.stringify(meta, null, 2));
  return meta;
}

export function recordingInfo(): { bytes: number; lines: number; recordedAt: string; seconds: number; scenarios: string[] } | undefined {
  if (!existsSync(RECORDING) || !existsSync(RECORDING_META)) return undefined;
  const meta = JSON.parse(readFileSync(RECORDING_META, 'utf8')) as { bytes: number; lines: number; recordedAt: string; seconds: number; scenarios: string[] };
  return statSync(RECORDING).size === meta.bytes ? meta : undefined;
}
