/**
 * Bundles the in-host runner and suites (node/cjs, `vscode` external, mocha inlined) into out/e2e/extensionHost/,
 * one file per suite so mocha reports them by file. Run alone: `node --import tsx test/e2e/extensionHost/bundle.ts`
 * (that is what .vscode-test.mjs expects to have been run).
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { inHostBundleDir } from '../harness/paths';

export async function bundleInHostSuites(): Promise<string> {
  const suites = readdirSync(__dirname).filter((f) => f.endsWith('.test.ts'));
  rmSync(inHostBundleDir, { recursive: true, force: true });
  await build({
    entryPoints: ['index.ts', ...suites].map((f) => join(__dirname, f)),
    outdir: inHostBundleDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return join(inHostBundleDir, 'index.js');
}

if (require.main === module) {
  bundleInHostSuites().then(
    (entry) => console.log(`in-host suites bundled: ${entry}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
