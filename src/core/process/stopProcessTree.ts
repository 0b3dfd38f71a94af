import { ProcessTree } from './processTree';

export interface StopTimings {
  /** After stdin closes, how long the CLI may take to exit by itself (it exits ~25 ms after EOF when idle). */
  graceMs: number;
  /** After SIGTERM, before SIGKILL. */
  termMs: number;
  /** After SIGKILL, how long to wait for the processes to vanish. */
  killMs: number;
}

export const defaultStopTimings: StopTimings = { graceMs: 1500, termMs: 1500, killMs: 2000 };

export interface StopTarget {
  pid: number | undefined;
  marker: string;
  tree: ProcessTree;
  exited: Promise<unknown>;
  isExited(): boolean;
  timings?: Partial<StopTimings>;
}

/** grace → SIGTERM → SIGKILL for the CLI, its process group and every process carrying its marker. */
export async function stopProcessTree(target: StopTarget): Promise<void> {
  const t = { ...defaultStopTimings, ...target.timings };
  await Promise.race([target.exited, delay(t.graceMs)]);
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    const pids = await target.tree.find(target.marker, target.pid);
    if (target.pid && !target.isExited()) {
      signalGroup(target.pid, signal);
      // A stopped CLI (SIGSTOP, a stall we are ending) keeps SIGTERM pending until it runs again: continue it.
      if (signal === 'SIGTERM') signalGroup(target.pid, 'SIGCONT');
    }
    if (pids.length === 0 && target.isExited()) return;
    target.tree.signal(pids, signal);
    await waitUntilGone(target, signal === 'SIGTERM' ? t.termMs : t.killMs);
  }
}

async function waitUntilGone(target: StopTarget, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (target.isExited() && (await target.tree.find(target.marker, undefined)).length === 0) return;
    await delay(50);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
