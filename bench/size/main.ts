/**
 * Benchmark 5: bundle sizes (production build: minified, no source maps, as `npm run package` builds them), the VSIX,
 * and activation time of the production extension bundle in plain Node with a fake `vscode` module (the e2e harness
 * under test/e2e does not report activation time from code-server).
 *
 * The bundles are built into out/bench/bundle/ with the options of esbuild.js (not into dist/, which other tools
 * use), and the VSIX is packaged from a staging folder holding only what the extension ships.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../../test/integration/harness';
import { buildProduction, BUNDLE_DIR } from '../lib/bundles';
import { runChild } from '../lib/child';
import { interleave, summarize } from '../lib/stats';

const OUT = BUNDLE_DIR;

function sizeOf(path: string): { bytes: number; gzipBytes: number } {
  const data = readFileSync(path);
  return { bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
}

function packageVsix(): { bytes: number; files: number; entries: { path: string; bytes: number }[] } | { error: string } {
  const stage = join(REPO_ROOT, 'out', 'bench', 'vsix-stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'LICENSE.md', 'LICENSE.txt', '.vscodeignore']) {
    if (existsSync(join(REPO_ROOT, f))) copyFileSync(join(REPO_ROOT, f), join(stage, f));
  }
  cpSync(join(REPO_ROOT, 'media'), join(stage, 'media'), { recursive: true, filter: (src) => !src.includes(`${join('media', 'dist')}`) });
  cpSync(join(OUT, 'media', 'dist'), join(stage, 'media', 'dist'), { recursive: true });
  cpSync(join(OUT, 'dist'), join(stage, 'dist'), { recursive: true });
  const out = join(stage, 'aicode-manager.vsix');
  const vsce = join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(vsce, ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--baseContentUrl', 'https://example.invalid/aicode', '--baseImagesUrl', 'https://example.invalid/aicode', '--out', out], { cwd: stage, encoding: 'utf8', timeout: 120_000, input: 'y\n' });
  if (r.status !== 0 || !existsSync(out)) return { error: `vsce failed (${r.status}): ${(r.stderr || r.stdout).slice(-400)}` };
  const listing = execFileSync('unzip', ['-l', out], { encoding: 'utf8' });
  const entries = listing
    .split('\n')
    .map((l) => /^\s*(\d+)\s+\S+\s+\S+\s+(.+)$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m && m[2] !== 'Name')
    .map((m) => ({ path: m[2].trim(), bytes: Number(m[1]) }))
    .sort((a, b) => b.bytes - a.bytes);
  return { bytes: statSync(out).size, files: entries.length, entries: entries.slice(0, 8) };
}

function activateOnce(bundle: string): { requireMs: number; activateMs: number; totalMs: number; loggedActivateMs?: number; error?: string; errors?: string[] } {
  const bundled = __filename.endsWith('.js');
  const script = bundled ? join(__dirname, 'activateOnce.js') : join(REPO_ROOT, 'bench', 'size', 'activateOnce.ts');
  const args = bundled ? [script, bundle, REPO_ROOT] : ['--import', 'tsx', script, bundle, REPO_ROOT];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000, cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ReturnType<typeof activateOnce>;
  } catch {
    return { requireMs: NaN, activateMs: NaN, totalMs: NaN, error: `${r.status} ${r.stderr.slice(-300)}` };
  }
}

runChild('size', async ({ scale, deadline }) => {
  await buildProduction();
  const files = {
    extension: sizeOf(join(OUT, 'dist/extension.js')),
    webviewJs: sizeOf(join(OUT, 'media/dist/chat.js')),
    webviewCss: sizeOf(join(OUT, 'media/dist/chat.css')),
    webviewAssets: readdirSync(join(OUT, 'media/dist'))
      .filter((f) => !/^chat\.(js|css)$/.test(f))
      .map((f) => ({ file: f, ...sizeOf(join(OUT, 'media/dist', f)) })),
  };
  const vsix = packageVsix();
  const bundle = join(OUT, 'dist/extension.js');
  const runs: ReturnType<typeof activateOnce>[] = [];
  activateOnce(bundle); // page cache and first-run effects
  await interleave(['activate'] as const, Math.max(5, Math.round(15 * scale)), async () => {
    const r = activateOnce(bundle);
    runs.push(r);
    return r.totalMs;
  }, { deadline: Math.min(deadline, Date.now() + 60_000) });
  const ok = runs.filter((r) => !r.error);
  return {
    build: 'esbuild, production options of esbuild.js (minify, no source maps), built into out/bench/bundle',
    files,
    vsix,
    activation: {
      how: 'plain Node 20, fresh process per run, fake vscode module (bench/size/fakeVscode.ts), no workspace folder (so no warm process is spawned); require() of the production bundle, then activate() to its end',
      runs: ok.length,
      requireMs: summarize(ok.map((r) => r.requireMs)),
      activateMs: summarize(ok.map((r) => r.activateMs)),
      totalMs: summarize(ok.map((r) => r.totalMs)),
      loggedActivateMs: summarize(ok.map((r) => r.loggedActivateMs ?? NaN)),
      errors: runs.filter((r) => r.error).map((r) => r.error).slice(0, 2),
      extensionLoggedErrors: ok[0]?.errors ?? [],
    },
  };
});
