/**
 * Finds processes by a marker variable in their environment. Scanning /proc (not the process tree) matters:
 * the extension host may spawn `claude` in its own process group, and a process whose parent died is
 * reparented to PID 1, so neither a group kill nor a tree walk is guaranteed to reach it.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface MarkedProcess {
  pid: number;
  cmdline: string;
}

function read(path: string, encoding: BufferEncoding): string | undefined {
  try {
    return readFileSync(path, encoding);
  } catch {
    return undefined;
  }
}

function isZombie(pid: number): boolean {
  const stat = read(`/proc/${pid}/stat`, 'utf8');
  const state = stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === undefined || state === 'Z' || state === 'X';
}

/** Live processes whose environment holds `name=value` exactly (or `name=value…` when `prefix`). */
export function findMarked(name: string, value: string, prefix = false): MarkedProcess[] {
  const needle = `${name}=${value}`;
  const out: MarkedProcess[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out; // not Linux: nothing to scan
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const env = read(`/proc/${pid}/environ`, 'latin1');
    if (!env?.includes(needle)) continue;
    const vars = env.split('\0');
    if (!vars.some((kv) => (prefix ? kv.startsWith(needle) : kv === needle))) continue;
    if (isZombie(pid)) continue;
    const cmdline = (read(`/proc/${pid}/cmdline`, 'utf8') ?? '').split('\0').join(' ').trim();
    out.push({ pid, cmdline });
  }
  return out;
}

export function killAll(processes: readonly MarkedProcess[], signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const p of processes) {
    try {
      process.kill(p.pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Signals a whole process group (the child was spawned `detached`, so its pid is the group id). */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until no marked process is alive; returns those still alive at the deadline. */
export async function waitUntilGone(name: string, value: string, timeoutMs: number): Promise<MarkedProcess[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = findMarked(name, value);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await sleep(200);
  }
}
