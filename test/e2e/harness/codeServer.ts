/**
 * Starts code-server for one test file: fresh HOME, user-data-dir, extensions dir (with our VSIX installed)
 * and workspace folder, on a free loopback port, in its own process group, with a marker variable that every
 * descendant (extension host, `claude`, its tools) inherits so `stop()` can prove nothing outlived it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { defaultUserSettings, sandboxEnv } from './environment';
import { codeServerEntry, extensionId, node24, resultsDir, RUN_MARKER, SANDBOX_MARKER, vsixPath } from './paths';
import { findMarked, killAll, killGroup, sleep, waitUntilGone, type MarkedProcess } from './processes';

const START_TIMEOUT_MS = 60_000;

export interface CodeServerOptions {
  /** A short name for folders, logs and the marker, e.g. the spec's topic. */
  label: string;
  /** Written to `<workspace>/.vscode/settings.json`. */
  workspaceSettings?: Record<string, unknown>;
  /** Merged over the harness defaults in the user settings. */
  userSettings?: Record<string, unknown>;
  /** Extra workspace files, path relative to the workspace folder → content. */
  files?: Record<string, string>;
  /** Keep Workspace Trust on (the folder then starts untrusted). Default: trust disabled. */
  workspaceTrust?: boolean;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
  /** Extra code-server arguments. */
  args?: string[];
}

export interface CodeServer {
  readonly url: string;
  /** `127.0.0.1:<port>`: the remote authority the workbench uses for server-side files. */
  readonly authority: string;
  readonly root: string;
  readonly home: string;
  readonly workspace: string;
  readonly extensionsDir: string;
  /** Where the VSIX was unpacked, e.g. `<extensionsDir>/aicode.aicode-manager-0.1.0`. */
  readonly extensionDir: string;
  /** The value of `AICODE_TEST_SANDBOX` in every process of this instance. */
  readonly marker: string;
  readonly logFile: string;
  /** The workbench URL opened on the workspace, with an optional VS Code `payload`. */
  workbenchUrl(payload?: [string, string][]): string;
  /** A server-side path as a URI the workbench resolves on the server. */
  remoteUri(path: string): string;
  /** Stops code-server and everything it started. Resolves to the processes that outlived it (killed now). */
  stop(): Promise<MarkedProcess[]>;
}

let counter = 0;
const runId = process.env[RUN_MARKER] || `r${process.pid.toString(36)}`;

function run(args: string[], env: NodeJS.ProcessEnv, log: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(node24, [codeServerEntry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => appendFileSync(log, d));
    child.stderr.on('data', (d: Buffer) => appendFileSync(log, d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`code-server ${args.join(' ')} failed (${signal ?? code}):\n${tail(log)}`));
    });
  });
}

/** The last lines of a log, for error messages that must make sense in a CI transcript. */
function tail(log: string, lines = 8): string {
  return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function waitForListening(child: ChildProcess, log: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${START_TIMEOUT_MS / 1000} s; see ${log}`)), START_TIMEOUT_MS);
    const onLine = (line: string): void => {
      appendFileSync(log, `${line}\n`);
      const m = /HTTP server listening on (http:\/\/\S+?)\/?$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${signal ?? code}) before listening:\n${tail(log)}`));
    });
  });
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const name = opts.label.replace(/[^A-Za-z0-9_-]/g, '-');
  const marker = `${runId}-${name}-${++counter}`;
  // realpath: /tmp may be a symlink; the workbench and the CLI report resolved paths.
  const root = realpathSync(mkdtempSync(join(tmpdir(), `aicode-e2e-${name}-`)));
  const [home, userData, extensionsDir, workspace] = ['home', 'user-data', 'extensions', 'workspace'].map((d) => join(root, d));
  for (const d of [home, join(userData, 'User'), extensionsDir, join(workspace, '.vscode')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...defaultUserSettings(!!opts.workspaceTrust), ...opts.userSettings }, null, 2));
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(opts.workspaceSettings ?? {}, null, 2));
  for (const [rel, content] of Object.entries(opts.files ?? {})) {
    mkdirSync(dirname(join(workspace, rel)), { recursive: true });
    writeFileSync(join(workspace, rel), content);
  }
  mkdirSync(join(resultsDir, 'logs'), { recursive: true });
  const logFile = join(resultsDir, 'logs', `${name}-code-server.log`);
  writeFileSync(logFile, '');
  const env = sandboxEnv({ home, marker, extra: opts.env });
  const common = ['--user-data-dir', userData, '--extensions-dir', extensionsDir];

  const extensionDir = await run([...common, '--install-extension', vsixPath], env, logFile, 60_000).then(
    () => readdirSync(extensionsDir).find((d) => d.toLowerCase().startsWith(`${extensionId}-`)),
    (err: unknown) => {
      rmSync(root, { recursive: true, force: true });
      throw err;
    },
  );
  if (!extensionDir) throw new Error(`installing ${vsixPath} left no ${extensionId}-* folder in ${extensionsDir}`);

  const args = ['--auth', 'none', '--bind-addr', '127.0.0.1:0', ...common, '--disable-telemetry', '--disable-update-check'];
  args.push('--disable-getting-started-override', ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']), ...(opts.args ?? []), workspace);
  const child = spawn(node24, [codeServerEntry, ...args], { env, cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid!;
  const emergencyStop = (): void => {
    killGroup(pid, 'SIGKILL');
    killAll(findMarked(SANDBOX_MARKER, marker));
  };
  process.on('exit', emergencyStop);

  let stopped: Promise<MarkedProcess[]> | undefined;
  const stop = (): Promise<MarkedProcess[]> =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(pid, 'SIGTERM');
        const exited = new Promise((r) => child.once('exit', r));
        await Promise.race([exited, sleep(5_000)]);
        killGroup(pid, 'SIGKILL');
      }
      // The extension host notices its parent is gone within a few seconds and runs `deactivate()`;
      // whatever is still marked after that has leaked.
      const leaks = await waitUntilGone(SANDBOX_MARKER, marker, 10_000);
      killAll(leaks);
      process.off('exit', emergencyStop);
      if (!process.env.AICODE_E2E_KEEP) rmSync(root, { recursive: true, force: true, maxRetries: 3 });
      return leaks;
    })());

  let url: string;
  try {
    url = await waitForListening(child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  const authority = new URL(url).host;
  return {
    url,
    authority,
    root,
    home,
    workspace,
    extensionsDir,
    extensionDir: join(extensionsDir, extensionDir),
    marker,
    logFile,
    workbenchUrl: (payload) => `${url}/?folder=${encodeURIComponent(workspace)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`,
    remoteUri: (path) => `vscode-remote://${authority}${path}`,
    stop,
  };
}
