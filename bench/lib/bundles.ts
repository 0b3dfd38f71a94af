/**
 * Production builds of the two bundles with the options of esbuild.js (`--production`: minified, no source maps),
 * written to out/bench/bundle/ rather than dist/ and media/dist/, which other tools (the e2e harness) use.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../../test/integration/harness';

export const BUNDLE_DIR = join(REPO_ROOT, 'out', 'bench', 'bundle');

export async function buildProduction(which: { extension?: boolean; webview?: boolean } = { extension: true, webview: true }): Promise<void> {
  const common = { bundle: true, minify: true, sourcemap: false, legalComments: 'none', logLevel: 'silent', absWorkingDir: REPO_ROOT } as const;
  const jobs: Promise<unknown>[] = [];
  if (which.extension) {
    rmSync(join(BUNDLE_DIR, 'dist'), { recursive: true, force: true });
    jobs.push(build({ ...common, entryPoints: ['src/extension.ts'], outfile: join(BUNDLE_DIR, 'dist/extension.js'), platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] }));
  }
  if (which.webview) {
    rmSync(join(BUNDLE_DIR, 'media'), { recursive: true, force: true });
    jobs.push(build({ ...common, entryPoints: ['src/webview/main.ts'], outfile: join(BUNDLE_DIR, 'media/dist/chat.js'), platform: 'browser', format: 'iife', target: 'chrome114' }));
    jobs.push(build({ ...common, entryPoints: ['src/webview/chat.css'], outfile: join(BUNDLE_DIR, 'media/dist/chat.css'), loader: { '.ttf': 'file' } }));
  }
  await Promise.all(jobs);
}
