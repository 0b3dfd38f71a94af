#!/usr/bin/env node
// `npm start`: try the extension in a real VS Code in your browser, in one command.
//   build + package the VSIX -> install Node 24 + code-server (once) -> install the VSIX into .e2e-host/start/
//   -> refresh the sample workspace -> start code-server on 127.0.0.1 (8080 if free) and print the URL.
// With a `claude` on PATH and credentials it uses them; otherwise it runs the offline demo: the scripted fake
// API (test/fixtures/fakeApi/cli.ts --demo) and the repo's own `claude`, pointed at it by workspace settings.
// Ctrl+C stops code-server, the fake API and every process they started (found by a marker variable in /proc).
// Options: --port <n>, --no-package (reuse out/aicode-manager.vsix), --demo (force the offline demo).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sweepMarked } from '../test/e2e/sweep.mjs';
import { ensureCodeServer, hostDir } from './ensureCodeServer.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const log = (line) => console.log(`[start] ${line}`);
const MARKER = 'AICODE_START_SESSION';
const marker = randomBytes(6).toString('hex');
const startDir = join(hostDir, 'start');
const workspace = join(hostDir, 'sample-workspace');
/** The fake API (ends when its stdin closes) and code-server (its own process group). */
const children = { fakeApi: undefined, server: undefined };

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Which credentials a real `claude` would find, if any (never reads secrets, only their presence). */
function userCredentials() {
  if (process.env.ANTHROPIC_API_KEY) return 'ANTHROPIC_API_KEY';
  if (existsSync(join(homedir(), '.claude', '.credentials.json'))) return '~/.claude/.credentials.json';
  try {
    if (JSON.parse(readFileSync(join(homedir(), '.claude.json'), 'utf8')).oauthAccount) return '~/.claude.json (oauthAccount)';
  } catch {
    // missing or unreadable
  }
  return undefined;
}

const portFree = (port) =>
  new Promise((r) => {
    const s = createServer().once('error', () => r(false));
    s.listen(port, '127.0.0.1', () => s.close(() => r(true)));
  });

async function pickPort() {
  const asked = argv.includes('--port') ? Number(argv[argv.indexOf('--port') + 1]) : 8080;
  if (await portFree(asked)) return asked;
  log(`port ${asked} is busy, using a free one`);
  return 0;
}

function writeSampleWorkspace(settings) {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  const sample = {
    'README.md': '# Sample workspace\n\nOpen the AICode view in the activity bar and ask Claude about `greet.ts`.\n',
    'greet.ts': "export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n",
    'greet.test.ts': "import { greet } from './greet';\n\nconsole.assert(greet('Ada') === 'Hello, Ada!');\n",
  };
  for (const [file, content] of Object.entries(sample)) if (!existsSync(join(workspace, file))) writeFileSync(join(workspace, file), content);
  writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Starts the fake API and resolves to its URL (its first stdout line is `{"url","port"}`). */
function startFakeApi(env) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/fixtures/fakeApi/cli.ts'), '--port', '0', '--demo'], { cwd: root, env, stdio: ['pipe', 'pipe', 'inherit'] });
  children.fakeApi = child;
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error('the fake API did not start within 30 s')), 30_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolveUrl(JSON.parse(line).url);
      } catch {
        reject(new Error(`unexpected first line from the fake API: ${line}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`the fake API exited (${code})`)));
  });
}

/** User settings for a calm first view: no tours, no built-in AI chat, no prompt about the repo around the sample. */
const quietDefaults = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

/** The parsed file, `{}` when missing, `undefined` when not plain JSON (e.g. JSONC with comments: left alone). */
function readJson(path) {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('stopping code-server, the fake API and everything they started…');
  const signal = (pid, sig) => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  if (children.server) signal(-children.server.pid, 'SIGTERM');
  if (children.fakeApi) signal(children.fakeApi.pid, 'SIGTERM');
  // The extension host notices code-server is gone within seconds and stops its claude processes.
  await new Promise((r) => setTimeout(r, 3_000));
  if (children.server) signal(-children.server.pid, 'SIGKILL');
  const left = sweepMarked(MARKER, marker); // stragglers, e.g. a claude reparented to PID 1
  if (left.length) log(`killed ${left.length} leftover process(es)`);
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const vsix = process.env.AICODE_E2E_VSIX || join(root, 'out', 'aicode-manager.vsix');
  if (!argv.includes('--no-package') && !process.env.AICODE_E2E_VSIX) {
    log('building and packaging the extension (npm run package)');
    if (spawnSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' }).status !== 0) fail('npm run package failed');
  }
  if (!existsSync(vsix)) fail(`no VSIX at ${vsix}`);
  const host = await ensureCodeServer();

  const claude = onPath('claude');
  const creds = claude && !argv.includes('--demo') ? userCredentials() : undefined;
  const env = { ...process.env, [MARKER]: marker };
  let settings;
  if (creds) {
    log(`using your Claude Code: ${claude} with credentials from ${creds}`);
    settings = { 'aicode.demoMode': false };
  } else {
    log(claude ? 'no Claude credentials found: starting the offline demo' : 'no `claude` on PATH: starting the offline demo');
    const apiUrl = await startFakeApi(env);
    log(`fake Anthropic API (scripted demo answers) at ${apiUrl}`);
    settings = {
      'aicode.cli.path': join(root, 'node_modules', '.bin', 'claude'),
      'aicode.cli.env': { ANTHROPIC_BASE_URL: apiUrl, ANTHROPIC_API_KEY: 'demo-offline', CLAUDE_CODE_MAX_RETRIES: '0' },
      'aicode.demoMode': true,
    };
    env.HOME = join(startDir, 'home'); // demo transcripts stay out of your ~/.claude
    mkdirSync(env.HOME, { recursive: true });
  }
  writeSampleWorkspace(settings);
  log(`sample workspace: ${workspace}`);

  const userData = join(startDir, 'user-data');
  const common = ['--user-data-dir', userData, '--extensions-dir', join(startDir, 'extensions'), '--config', join(startDir, 'config.yaml')];
  mkdirSync(join(userData, 'User'), { recursive: true });
  const userSettings = join(userData, 'User', 'settings.json');
  const current = readJson(userSettings);
  if (current) writeFileSync(userSettings, JSON.stringify({ ...quietDefaults, ...current }, null, 2)); // your changes win
  log(`installing ${vsix}`);
  const installed = spawnSync(host.node, [host.entry, ...common, '--install-extension', vsix, '--force'], { env, stdio: 'inherit', timeout: 120_000 });
  if (installed.status !== 0) fail('installing the VSIX into code-server failed');

  const port = await pickPort();
  const args = [host.entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...common];
  args.push('--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--disable-workspace-trust', workspace);
  const server = spawn(host.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.server = server;
  server.once('exit', (code) => {
    if (!stopping) log(`code-server exited (${code})`);
    void stopAll(code ?? 1);
  });
  const timer = setTimeout(() => {
    log('code-server did not start within 60 s');
    void stopAll(1);
  }, 60_000);
  const onLine = (line) => {
    console.log(`[code-server] ${line}`);
    const m = /HTTP server listening on (http:\/\/\S+?)\/?$/.exec(line);
    if (!m) return;
    clearTimeout(timer);
    const url = `${m[1]}/?folder=${encodeURIComponent(workspace)}`;
    console.log(`\n  AICode Manager is running${creds ? '' : ' (offline demo)'}. Open:\n\n    ${url}\n\n  Press Ctrl+C to stop.\n`);
  };
  createInterface({ input: server.stdout }).on('line', onLine);
  createInterface({ input: server.stderr }).on('line', onLine);
}

main().catch((err) => {
  console.error(`[start] ${err.message}`);
  void stopAll(1);
});
