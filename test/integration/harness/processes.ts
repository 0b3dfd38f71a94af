/**
 * Process-leak checker. A process is "ours" when its environment holds this run's sandbox marker
 * (`AICODE_TEST_SANDBOX=<RUN_ID>-…`) or its cwd is inside one of this run's sandboxes. Scanning /proc (not the
 * process tree) matters: the CLI's Bash tool runs in its own process group and, when the CLI is
 * SIGTERM'd or SIGKILL'd, is reparented to PID 1 (protocol sheet §7).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { RUN_ID, sandboxRoots, SANDBOX_MARKER } from './registry';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** `/proc/<pid>/stat` field 22: with the pid, identifies the process despite pid reuse. */
  startTime: string;
  state: string;
  cmdline: string;
  /** The sandbox id from the environment, if any. */
  sandboxId: string | undefined;
  cwd: string | undefined;
}

/** Processes alive at some moment, keyed by `pid:startTime`. */
export type ProcessSnapshot = ReadonlySet<string>;

const keyOf = (p: ProcessInfo): string => `${p.pid}:${p.startTime}`;
const MARKER_PREFIX = `${SANDBOX_MARKER}=${RUN_ID}-`;

function readStat(pid: number): { ppid: number; pgid: number; state: string; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], ppid: Number(rest[1]), pgid: Number(rest[2]), startTime: rest[19] };
  } catch {
    return undefined;
  }
}

function sandboxIdOf(pid: number): string | undefined {
  try {
    const env = readFileSync(`/proc/${pid}/environ`, 'latin1');
    if (!env.includes(MARKER_PREFIX)) return undefined;
    return env.split('\0').find((kv) => kv.startsWith(MARKER_PREFIX))?.slice(SANDBOX_MARKER.length + 1);
  } catch {
    return undefined;
  }
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** Every live (non-zombie) process of this test run's sandboxes. Empty where /proc does not exist. */
export function scanSandboxProcesses(): ProcessInfo[] {
  const roots = sandboxRoots();
  const pids = safe(() => readdirSync('/proc')) ?? [];
  const out: ProcessInfo[] = [];
  for (const name of pids) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const sandboxId = sandboxIdOf(pid);
    const cwd = safe(() => readlinkSync(`/proc/${pid}/cwd`));
    if (!sandboxId && !(cwd && roots.some((r) => cwd === r || cwd.startsWith(`${r}/`)))) continue;
    const stat = readStat(pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') continue;
    const cmdline = (safe(() => readFileSync(`/proc/${pid}/cmdline`, 'utf8')) ?? '').split('\0').join(' ').trim();
    out.push({ pid, ...stat, cmdline, sandboxId, cwd });
  }
  return out;
}

/** The sandbox processes alive now; pass it to `assertNoLeakedProcesses` later. */
export function snapshotProcesses(): ProcessSnapshot {
  return new Set(scanSandboxProcesses().map(keyOf));
}

export interface LeakCheckOptions {
  /** How long leaked processes get to exit by themselves (default 2000 ms). */
  timeoutMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sandbox processes not in `before` that are still alive after waiting up to `timeoutMs`. Kills nothing. */
export async function findLeakedProcesses(before: ProcessSnapshot, opts: LeakCheckOptions = {}): Promise<ProcessInfo[]> {
  const deadline = Date.now() + (opts.timeoutMs ?? 2000);
  for (;;) {
    const leaked = scanSandboxProcesses().filter((p) => !before.has(keyOf(p)));
    if (leaked.length === 0 || Date.now() >= deadline) return leaked;
    await sleep(50);
  }
}

/** SIGKILLs the processes (and the groups they lead), then waits up to 2 s for them to be gone. */
export async function killProcesses(procs: ProcessInfo[]): Promise<void> {
  for (const p of procs) {
    if (p.pgid === p.pid) safe(() => process.kill(-p.pid, 'SIGKILL'));
    safe(() => process.kill(p.pid, 'SIGKILL'));
  }
  const keys = new Set(procs.map(keyOf));
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline && scanSandboxProcesses().some((p) => keys.has(keyOf(p)))) await sleep(25);
}

export function describeProcesses(procs: ProcessInfo[]): string {
  return procs.map((p) => `  pid ${p.pid} (ppid ${p.ppid}, sandbox ${p.sandboxId ?? `cwd ${p.cwd}`}): ${p.cmdline.slice(0, 200) || '(no cmdline)'}`).join('\n');
}

/**
 * Waits up to `timeoutMs` for sandbox processes started since `before` to exit; any still alive are
 * SIGKILLed and the call throws, naming each pid and command line.
 */
export async function assertNoLeakedProcesses(before: ProcessSnapshot, opts: LeakCheckOptions = {}): Promise<void> {
  const leaked = await findLeakedProcesses(before, opts);
  if (leaked.length === 0) return;
  await killProcesses(leaked);
  throw new Error(`Leaked ${leaked.length} process(es), now killed:\n${describeProcesses(leaked)}`);
}
