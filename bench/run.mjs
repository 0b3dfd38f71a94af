#!/usr/bin/env node
// `npm run bench`: every benchmark in one go, one Node process each (bench/<name>/main.ts, bundled with esbuild so the
// code measured is built the way the extension ships it, not through tsx's loader), then one table and
// bench/results.json. Options: --quick (fewer rounds), --only=startup,stream, --record (record the CLI output again).
// Every benchmark kills and reports its own leftovers; at the end this script checks /proc for any process of the run.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { build } from 'esbuild';
import { formatTable, summaryRows } from './summary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = (args.find((a) => a.startsWith('--only='))?.slice(7) ?? '').split(',').filter(Boolean);
const BUDGET_S = Number(process.env.BENCH_BUDGET_S ?? 600);
const marker = randomUUID();

/** In running order; `maxS` bounds each one (it also stops adding rounds at the budget it is given). */
const BENCHES = [
  { name: 'size', entry: 'bench/size/main.ts', extra: ['bench/size/activateOnce.ts'], maxS: 120, share: 0.05 },
  { name: 'stream', entry: 'bench/stream/main.ts', maxS: 240, share: 0.1 },
  { name: 'host', entry: 'bench/host/main.ts', maxS: 150, share: 0.07 },
  { name: 'memory', entry: 'bench/memory/main.ts', maxS: 150, share: 0.06 },
  { name: 'webview', entry: 'bench/webview/main.ts', maxS: 180, share: 0.1 },
  { name: 'startup', entry: 'bench/startup/main.ts', extra: ['bench/lib/fakeApiProcess.ts'], maxS: 330, share: 0.38 },
  { name: 'priming', entry: 'bench/priming/main.ts', extra: ['bench/lib/fakeApiProcess.ts'], maxS: 240, share: 0.2 },
].filter((b) => only.length === 0 || only.includes(b.name));

function sh(cmd, argv) {
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function machine() {
  const cpu = cpus();
  const pkg = (p) => JSON.parse(readFileSync(join(root, 'node_modules', p, 'package.json'), 'utf8')).version;
  return {
    cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    claudeCli: sh(join(root, 'node_modules', '.bin', 'claude'), ['--version']),
    agentSdk: pkg('@anthropic-ai/claude-agent-sdk'),
    chromium: sh('/usr/bin/chromium', ['--version']),
    commit: sh('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

async function bundle() {
  const entries = [...new Set(BENCHES.flatMap((b) => [b.entry, ...(b.extra ?? [])]))];
  await Promise.all(
    entries.map((entry) =>
      build({
        absWorkingDir: root,
        entryPoints: [entry],
        // Same depth as the source (bench/x/y.ts → out/bench/x/y.js): the test harness finds the repository from __dirname.
        outfile: join(root, 'out', entry.replace(/\.ts$/, '.js')),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        sourcemap: 'inline',
        external: ['@anthropic-ai/claude-agent-sdk', 'playwright-core', 'esbuild'],
        logLevel: 'warning',
      }),
    ),
  );
}

function runOne(b, budgetS) {
  return new Promise((resolve) => {
    const outFile = join(mkdtempSync(join(tmpdir(), 'aicode-bench-')), 'result.json');
    const started = Date.now();
    const child = spawn(process.execPath, ['--expose-gc', '--enable-source-maps', join(root, 'out', b.entry.replace(/\.ts$/, '.js'))], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...process.env, BENCH_OUT: outFile, BENCH_SCALE: String(quick ? 0.3 : 1), BENCH_BUDGET_S: String(Math.max(20, Math.round(budgetS))), BENCH_MARKER: marker, BENCH_RECORD: args.includes('--record') ? '1' : (process.env.BENCH_RECORD ?? '') },
    });
    child.stderr.on('data', (c) => process.stderr.write(String(c).replace(/^(?=.)/gm, `[${b.name}] `)));
    const timer = setTimeout(() => {
      process.stderr.write(`[${b.name}] exceeded ${b.maxS} s: stopping it\n`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, b.maxS * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      let payload = { name: b.name, ok: false, error: `exited with ${signal ?? code} before writing a result` };
      if (existsSync(outFile)) payload = JSON.parse(readFileSync(outFile, 'utf8'));
      rmSync(dirname(outFile), { recursive: true, force: true });
      resolve({ ...payload, seconds: Math.round((Date.now() - started) / 100) / 10 });
    });
  });
}

/** Processes of this run still alive: sandbox CLIs of any benchmark (by marker) and our Chromium (by switch). */
function leftovers(runIds) {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/\) [ZX] /.test(stat)) continue;
      const env = readFileSync(`/proc/${name}/environ`, 'latin1');
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      if (runIds.some((id) => env.includes(`AICODE_TEST_SANDBOX=${id}-`)) || cmd.includes(marker)) found.push({ pid: Number(name), cmd: cmd.slice(0, 160) });
    } catch {
      /* gone or not ours */
    }
  }
  return found;
}

async function main() {
  const started = Date.now();
  const m = machine();
  process.stderr.write(`Benchmarks on ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.claudeCli}; load average ${m.loadAverageAtStart.join(' ')}\n`);
  await bundle();
  const results = {};
  for (const [i, b] of BENCHES.entries()) {
    const left = BUDGET_S - (Date.now() - started) / 1000;
    const shareLeft = BENCHES.slice(i).reduce((a, x) => a + x.share, 0);
    const budget = Math.min(b.maxS, (left * b.share) / shareLeft);
    process.stderr.write(`\n== ${b.name} (budget ${Math.round(budget)} s)\n`);
    results[b.name] = await runOne(b, budget);
    if (!results[b.name].ok) process.stderr.write(`[${b.name}] FAILED: ${results[b.name].error}\n`);
  }
  const runIds = Object.values(results).map((r) => r.runId).filter(Boolean);
  await new Promise((r) => setTimeout(r, 1000));
  const left = leftovers(runIds);
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  const totalSeconds = Math.round((Date.now() - started) / 1000);
  const rows = summaryRows(results);
  const table = formatTable(rows);
  const out = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    quick,
    machine: { ...m, loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
    totalSeconds,
    leftoverProcessesAtEnd: left,
    summary: rows,
    benchmarks: results,
  };
  const file = only.length ? join(root, 'bench', 'results.local.json') : join(root, 'bench', 'results.json');
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`\n${table}\n\nTotal ${totalSeconds} s. ${left.length ? `Killed ${left.length} leftover process(es): ${left.map((p) => p.pid).join(', ')}` : 'No process of the run left in /proc.'} Results: ${file.replace(`${root}/`, '')}\n`);
  process.exitCode = Object.values(results).every((r) => r.ok) ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
