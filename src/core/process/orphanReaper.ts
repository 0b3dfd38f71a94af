import { promises as fs } from 'node:fs';
import { HOST_PID_VAR } from './childEnv';

// If an extension host is killed outright, its CLI processes see stdin close and exit, but the CLI's Bash commands
// (own process groups) and stdio MCP servers can outlive them. Every process we start carries the host's pid; at the
// next activation, processes whose host is gone are ended. Linux only (it needs /proc); elsewhere it does nothing.

export interface ReapResult {
  killed: { pid: number; hostPid: number }[];
}

export async function reapOrphans(options: { procRoot?: string; isAlive?: (pid: number) => boolean; kill?: (pid: number) => void } = {}): Promise<ReapResult> {
  const procRoot = options.procRoot ?? '/proc';
  const isAlive = options.isAlive ?? pidAlive;
  const kill = options.kill ?? ((pid: number) => process.kill(pid, 'SIGKILL'));
  const killed: ReapResult['killed'] = [];
  if (process.platform !== 'linux' && !options.procRoot) return { killed };
  const entries = await fs.readdir(procRoot).catch(() => [] as string[]);
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const environ = await fs.readFile(`${procRoot}/${name}/environ`).catch(() => undefined);
    if (!environ) continue;
    const hostPid = readVar(environ, HOST_PID_VAR);
    if (!hostPid || hostPid === process.pid || isAlive(hostPid)) continue;
    try {
      kill(pid);
      killed.push({ pid, hostPid });
    } catch {
      // Gone already.
    }
  }
  return { killed };
}

function readVar(environ: Buffer, name: string): number | undefined {
  const prefix = `${name}=`;
  for (const entry of environ.toString('utf8').split('\0')) {
    if (entry.startsWith(prefix)) {
      const n = Number(entry.slice(prefix.length));
      return Number.isInteger(n) && n > 0 ? n : undefined;
    }
  }
  return undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
