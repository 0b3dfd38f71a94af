/**
 * One activation of the extension bundle in a fresh Node process with a fake `vscode` module (bench/size/fakeVscode.ts):
 * time to require() the bundle, and to run activate() to its end. Prints one JSON line.
 *
 *   node out/bench/size/activateOnce.js <path/to/extension.js> <extensionRoot>
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installVscode, makeFakeVscode } from './fakeVscode';

async function main(): Promise<void> {
  const [bundle, root] = process.argv.slice(2);
  const storage = mkdtempSync(join(tmpdir(), 'aicode-bench-activate-'));
  const host = makeFakeVscode(root, storage);
  installVscode(host.vscode);
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ext = require(bundle) as { activate(ctx: unknown): Promise<unknown>; deactivate?(): Promise<void> };
  const t1 = performance.now();
  await ext.activate(host.context);
  const t2 = performance.now();
  await ext.deactivate?.();
  for (const d of (host.context.subscriptions as { dispose(): unknown }[]).reverse()) {
    try {
      d.dispose();
    } catch {
      /* inert */
    }
  }
  rmSync(storage, { recursive: true, force: true });
  const logged = host.logLines.find((l) => /Activated in \d+ ms/.test(l));
  process.stdout.write(`${JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, loggedActivateMs: logged ? Number(/Activated in (\d+) ms/.exec(logged)?.[1]) : undefined, errors: host.logLines.filter((l) => l.startsWith('error')).slice(0, 3) })}\n`);
  process.exit(0);
}

main().catch((err: Error) => {
  process.stdout.write(`${JSON.stringify({ error: err.stack ?? err.message })}\n`);
  process.exit(1);
});
