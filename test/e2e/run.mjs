#!/usr/bin/env node
// `npm run test:e2e`: the packaged extension in real VS Code (code-server) driven by headless Chromium.
//   1. skip loudly (exit 0) where Chromium or the linux-x64 test host cannot run;
//   2. install Node 24 + code-server if needed (scripts/ensureCodeServer.mjs) and (re)build the VSIX if stale;
//   3. run the extension-host suites inside code-server (test/e2e/runInHost.ts);
//   4. run the browser specs test/e2e/**/*.e2e.test.ts with mocha + tsx.
// Every step has a deadline; every process carries AICODE_E2E_RUN=<id> and is swept from /proc at the end.
// Last line, parsed by scripts/test.mjs: `e2e: N passed, N failed, N skipped`.
// Options: --grep <pattern> (browser specs), --no-inhost, --no-browser; env AICODE_E2E_VSIX=<prebuilt vsix>.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from '../../scripts/ensureCodeServer.mjs';
import { sweepRun } from './sweep.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const argv = process.argv.slice(2);
const grep = argv.includes('--grep') ? argv[argv.indexOf('--grep') + 1] : undefined;
const chromium = process.env.AICODE_E2E_CHROMIUM || '/usr/bin/chromium';
const runId = `e2e${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const totals = { passed: 0, failed: 0, skipped: 0 };
const children = new Set();

const specFiles = () => readdirSync(here, { recursive: true }).filter((f) => String(f).endsWith('.e2e.test.ts')).map((f) => join(here, String(f)));
const inHostSuites = () => readdirSync(join(here, 'extensionHost')).filter((f) => f.endsWith('.test.ts')).map((f) => join(here, 'extensionHost', f));
const countTests = (files) => files.reduce((n, f) => n + (readFileSync(f, 'utf8').match(/^\s*it(\.skip)?\(/gm)?.length ?? 0), 0);

function finish(code) {
  console.log(`e2e: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(code ?? (totals.failed > 0 ? 1 : 0));
}

function skipAll(reason) {
  console.log(`\n${'='.repeat(72)}\nE2E SKIPPED: ${reason}\n${'='.repeat(72)}`);
  totals.skipped = countTests([...specFiles(), ...inHostSuites()]);
  finish(0);
}

/** Runs a step in its own process group, echoing its output; kills the group at the deadline. */
function step(label, cmd, args, timeoutMs, env = {}) {
  console.log(`\n▶ ${label}`);
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AICODE_E2E_RUN: runId, ...env } });
    children.add(child);
    let out = '';
    child.stdout.on('data', (d) => ((out += d), process.stdout.write(d)));
    child.stderr.on('data', (d) => process.stderr.write(d));
    const timer = setTimeout(() => {
      console.error(`✘ ${label}: no result after ${timeoutMs / 1000} s, stopping it`);
      killGroup(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolvePromise({ code: code ?? (signal ? 1 : 0), out });
    });
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone
  }
}

function sweep(label) {
  const leaked = sweepRun(runId);
  if (leaked.length === 0) return;
  totals.failed += 1;
  console.error(`✘ ${label} left ${leaked.length} process(es) behind (killed now):\n${leaked.map((p) => `    ${p.pid} ${p.cmdline}`).join('\n')}`);
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => (path.endsWith('media') && f === 'dist' ? m : Math.max(m, newestMtime(join(path, f)))), 0);
}

async function ensureVsix() {
  if (process.env.AICODE_E2E_VSIX) return console.log(`using the VSIX from AICODE_E2E_VSIX: ${process.env.AICODE_E2E_VSIX}`);
  const vsix = join(root, 'out', 'aicode-manager.vsix');
  const inputs = ['src', 'media', 'package.json', 'esbuild.js', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore'];
  const newest = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
  if (existsSync(vsix) && statSync(vsix).mtimeMs >= newest) return console.log(`VSIX up to date: ${vsix}`);
  const { code } = await step('npm run package (VSIX missing or older than its sources)', 'npm', ['run', 'package'], 5 * 60_000);
  if (code !== 0 || !existsSync(vsix)) throw new Error('npm run package failed: the extension could not be packaged');
}

function parseCounts(out, re) {
  const m = re.exec(out);
  return m ? m.slice(1, 4).map(Number) : undefined;
}

async function main() {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      for (const c of children) killGroup(c.pid, 'SIGKILL');
      sweepRun(runId);
      console.error(`\ne2e interrupted (${sig})`);
      finish(130);
    });
  }
  if (!existsSync(chromium)) skipAll(`chromium not found at ${chromium} (install Debian's chromium package)`);
  if (process.platform !== 'linux' || process.arch !== 'x64') skipAll(`the pinned code-server host is linux-x64 only (this is ${process.platform}-${process.arch})`);
  mkdirSync(join(root, 'test-results'), { recursive: true });
  try {
    const host = await ensureCodeServer();
    process.env.AICODE_E2E_NODE = host.node;
    process.env.AICODE_E2E_CODE_SERVER = host.entry;
    await ensureVsix();
  } catch (err) {
    console.error(`✘ e2e setup failed: ${err.message}`);
    totals.failed += 1;
    finish();
  }

  if (!argv.includes('--no-inhost')) {
    const r = await step('extension-host suites', process.execPath, ['--import', 'tsx', join(here, 'runInHost.ts')], 4 * 60_000);
    const c = parseCounts(r.out, /^in-host: (\d+) passed, (\d+) failed, (\d+) skipped$/m);
    if (c) [totals.passed, totals.failed, totals.skipped] = [totals.passed + c[0], totals.failed + c[1], totals.skipped + c[2]];
    if (!c || (r.code !== 0 && c[1] === 0)) totals.failed += 1;
    sweep('extension-host suites');
  }

  const specs = specFiles();
  if (!argv.includes('--no-browser') && specs.length > 0) {
    const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const args = [mocha, '--no-config', '--require', 'tsx/cjs', '--extension', 'ts', '--timeout', '120000', '--slow', '30000', '--reporter', 'spec', '--exit'];
    if (grep) args.push('--grep', grep);
    const r = await step(`browser specs (${specs.length} files)`, process.execPath, [...args, ...specs], specs.length * 4 * 60_000);
    const passed = /^\s+(\d+) passing/m.exec(r.out)?.[1];
    const failed = /^\s+(\d+) failing/m.exec(r.out)?.[1];
    const pending = /^\s+(\d+) pending/m.exec(r.out)?.[1];
    totals.passed += Number(passed ?? 0);
    totals.failed += Number(failed ?? 0);
    totals.skipped += Number(pending ?? 0);
    if (passed === undefined || (r.code !== 0 && !failed)) totals.failed += 1; // crashed, timed out or failed to load
    sweep('browser specs');
  }
  finish();
}

await main();
