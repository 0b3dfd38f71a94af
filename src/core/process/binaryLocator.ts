import { constants as fsConstants, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type LocateFailure = { kind: 'notFound'; searched: string[] } | { kind: 'notExecutable'; path: string; reason: string };
export type LocateResult = { ok: true; path: string; source: 'setting' | 'PATH' | 'known location' } | ({ ok: false } & LocateFailure);

export interface LocateOptions {
  /** `aicode.cli.path`; empty means search. */
  configuredPath?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homeDir?: string;
}

/**
 * Finds the `claude` executable: the setting, then PATH, then the usual install places. On Windows only real
 * executables are accepted: a `.cmd`/`.bat` shim would need a shell to run, and we never use one.
 */
export async function locateClaude(options: LocateOptions = {}): Promise<LocateResult> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const home = options.homeDir ?? os.homedir();
  const configured = options.configuredPath?.trim();
  if (configured) {
    const resolved = expandHome(configured, home);
    const problem = await checkExecutable(resolved, platform);
    return problem ? { ok: false, kind: 'notExecutable', path: resolved, reason: problem } : { ok: true, path: resolved, source: 'setting' };
  }
  const names = platform === 'win32' ? ['claude.exe'] : ['claude'];
  const searched: string[] = [];
  const pathDirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
  for (const dir of pathDirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      searched.push(candidate);
      if (!(await checkExecutable(candidate, platform))) return { ok: true, path: candidate, source: 'PATH' };
    }
  }
  for (const candidate of knownLocations(env, platform, home)) {
    searched.push(candidate);
    if (!(await checkExecutable(candidate, platform))) return { ok: true, path: candidate, source: 'known location' };
  }
  return { ok: false, kind: 'notFound', searched };
}

export function knownLocations(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string[] {
  if (platform === 'win32') {
    const appData = env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
    return [
      path.join(home, '.local', 'bin', 'claude.exe'),
      path.join(home, '.claude', 'local', 'claude.exe'),
      path.join(appData, 'npm', 'node_modules', '@anthropic-ai', 'claude-code', 'bin', 'claude.exe'),
    ];
  }
  const prefixes = [env.NPM_CONFIG_PREFIX, env.npm_config_prefix, path.join(home, '.npm-global'), '/usr/local', '/opt/homebrew', '/usr'];
  return [
    path.join(home, '.local', 'bin', 'claude'),
    path.join(home, '.claude', 'local', 'claude'),
    ...prefixes.filter((p): p is string => !!p).map((p) => path.join(p, 'bin', 'claude')),
    path.join(home, '.volta', 'bin', 'claude'),
    path.join(home, '.bun', 'bin', 'claude'),
  ];
}

/** Returns why `file` cannot be run, or undefined when it can. */
export async function checkExecutable(file: string, platform: NodeJS.Platform = process.platform): Promise<string | undefined> {
  if (platform === 'win32' && /\.(cmd|bat)$/i.test(file)) return 'a .cmd/.bat shim needs a shell; point aicode.cli.path at claude.exe';
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return 'not a file';
    if (platform !== 'win32') await fs.access(file, fsConstants.X_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES') return 'not executable (permission denied)';
    if (code === 'ENOENT') return 'no such file';
    return (err as Error).message;
  }
}

function expandHome(p: string, home: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p;
}
