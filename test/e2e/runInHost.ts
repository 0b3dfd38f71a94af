/**
 * Runs the mocha suites of test/e2e/extensionHost/ inside the Node extension host of code-server.
 *
 * How: VS Code's web workbench reads `extensionDevelopmentPath` and `extensionTestsPath` from its `payload`
 * URL parameter, but a built workbench ignores them unless the server runs with `--enable-smoke-test-driver`
 * (`resolveExtensionHostDebugEnvironment` checks `!isBuilt || enableSmokeTestDriver`). code-server does not
 * know that flag; its `--vscode-option` passes it through. With `vscode-remote://` URIs the tests then run
 * in the remote (Node) extension host, and the workbench reports the exit code via `codeAutomationExit`.
 *
 * Prints one line per test and finally `in-host: N passed, N failed, N skipped`; exits 1 on any failure.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleInHostSuites } from './extensionHost/bundle';
import type { InHostResults } from './extensionHost/index';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { DEAD_API_URL, fakeApiWorkspaceSettings } from './harness/environment';
import { resultsDir } from './harness/paths';
import { openWorkbench, type Workbench } from './harness/workbench';

const RUN_TIMEOUT_MS = Number(process.env.AICODE_E2E_INHOST_TIMEOUT_MS) || 180_000;

async function runSuites(): Promise<InHostResults> {
  const entry = await bundleInHostSuites();
  mkdirSync(resultsDir, { recursive: true });
  const resultsFile = join(resultsDir, 'extension-host-results.json');
  rmSync(resultsFile, { force: true });

  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  const started = Date.now();
  try {
    server = await startCodeServer({
      label: 'extension-host',
      args: ['--vscode-option', 'enable-smoke-test-driver'],
      env: { AICODE_E2E_INHOST_RESULTS: resultsFile },
      workspaceSettings: fakeApiWorkspaceSettings(DEAD_API_URL),
      files: { 'README.md': '# in-host test workspace\n' },
    });
    console.log(`  code-server up in ${Date.now() - started} ms at ${server.url}`);
    let exited: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (exited = resolve));
    const srv = server;
    wb = await openWorkbench(srv, {
      onAutomationExit: (code) => exited(code),
      payload: [
        ['extensionDevelopmentPath', srv.remoteUri(srv.extensionDir)],
        ['extensionTestsPath', srv.remoteUri(entry)],
        ['skipWelcome', 'true'],
      ],
    });
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), RUN_TIMEOUT_MS).unref());
    const outcome = await Promise.race([exitCode, timeout]);
    if (outcome === 'timeout') throw new Error(`in-host tests did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
    if (!existsSync(resultsFile)) throw new Error(`the in-host runner exited with ${outcome} and wrote no results (extension host failed to load it?)`);
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as InHostResults;
  } catch (err) {
    if (wb) await wb.screenshot('extension-host-failure').catch(() => undefined);
    if (wb) console.error(wb.console.filter((l) => l.startsWith('[error]') || l.startsWith('[pageerror]')).slice(-20).join('\n'));
    throw err;
  } finally {
    await wb?.close();
    const leaks = (await server?.stop()) ?? [];
    if (leaks.length) {
      console.error(`  ✘ processes outlived code-server: ${leaks.map((l) => `${l.pid} ${l.cmdline}`).join('; ')}`);
      process.exitCode = 1;
    }
  }
}

async function main(): Promise<void> {
  console.log('extension-host suites (inside code-server)');
  let results: InHostResults;
  try {
    results = await runSuites();
  } catch (err) {
    console.error(`  ✘ ${err instanceof Error ? err.message : String(err)}`);
    results = { passed: 0, failed: 1, pending: 0, tests: [] };
  }
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'pending' ? '-' : '✘';
    console.log(`  ${mark} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(t.error.replace(/^/gm, '      '));
  }
  const failed = results.failed + (process.exitCode === 1 ? 1 : 0);
  console.log(`in-host: ${results.passed} passed, ${failed} failed, ${results.pending} skipped`);
  process.exit(failed > 0 ? 1 : 0);
}

void main();
