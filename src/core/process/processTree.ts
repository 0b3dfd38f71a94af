import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { PROCESS_MARKER_VAR } from './childEnv';

// The CLI's Bash tool runs commands in a process group of their own, and those survive a SIGTERM or SIGKILL of the CLI
// (reparented to PID 1); stdio MCP servers survive its SIGKILL. So "the tree" cannot be found from the CLI's pid or
// group once it is gone. Every process we start carries a marker variable that all its descendants inherit; on Linux
// we find them by reading /proc/<pid>/environ, which works even after reparenting.

export interface ProcessTree {
  /** Every live process that belongs to the run with this marker (including the CLI itself). */
  find(marker: string, rootPid?: number): Promise<number[]>;
  signal(pids: readonly number[], signal: NodeJS.Signals): void;
}

export class LinuxProcessTree implements ProcessTree {
  constructor(private readonly procRoot = '/proc') {}

  async find(marker: string): Promise<number[]> {
    const needle = Buffer.from(`\0${PROCESS_MARKER_VAR}=${marker}\0`);
    const entries = await fs.readdir(this.procRoot).catch(() => [] as string[]);
    const found: number[] = [];
    await Promise.all(
      entries.map(async (name) => {
        if (!/^\d+$/.test(name) || Number(name) === process.pid) return;
        try {
          const environ = await fs.readFile(`${this.procRoot}/${name}/environ`);
          // Prefix a NUL so the first variable matches too.
          if (Buffer.concat([Buffer.from([0]), environ, Buffer.from([0])]).includes(needle) && !(await this.isZombie(name))) {
            found.push(Number(name));
          }
        } catch {
          // Gone already, or not ours to read.
        }
      }),
    );
    return found.sort((a, b) => a - b);
  }

  signal(pids: readonly number[], signal: NodeJS.Signals): void {
    for (const pid of pids) safeKill(pid, signal);
  }

  private async isZombie(pid: string): Promise<boolean> {
    const stat = await fs.readFile(`${this.procRoot}/${pid}/stat`, 'utf8').catch(() => '');
    // Field 3, after the parenthesised command name (which may contain spaces).
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X' || stat === '';
  }
}

/** macOS and other POSIX systems without /proc: the descendants of the root, from `ps`, while the root is alive. */
export class PsProcessTree implements ProcessTree {
  async find(_marker: string, rootPid?: number): Promise<number[]> {
    if (!rootPid) return [];
    const table = await new Promise<string>((resolve) => {
      execFile('ps', ['-A', '-o', 'pid=,ppid='], { timeout: 5000 }, (err, stdout) => resolve(err ? '' : String(stdout)));
    });
    const children = new Map<number, number[]>();
    for (const line of table.split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (!pid || ppid === undefined) continue;
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    }
    const out: number[] = [];
    const walk = (pid: number) => {
      out.push(pid);
      for (const c of children.get(pid) ?? []) walk(c);
    };
    walk(rootPid);
    return out;
  }

  signal(pids: readonly number[], signal: NodeJS.Signals): void {
    for (const pid of pids) safeKill(pid, signal);
  }
}

/** Windows: taskkill /T walks the tree itself. */
export class WindowsProcessTree implements ProcessTree {
  async find(_marker: string, rootPid?: number): Promise<number[]> {
    return rootPid ? [rootPid] : [];
  }

  signal(pids: readonly number[], signal: NodeJS.Signals): void {
    for (const pid of pids) {
      const args = ['/PID', String(pid), '/T'];
      if (signal === 'SIGKILL') args.push('/F');
      execFile('taskkill', args, { windowsHide: true }, () => undefined);
    }
  }
}

export function defaultProcessTree(): ProcessTree {
  if (process.platform === 'linux') return new LinuxProcessTree();
  if (process.platform === 'win32') return new WindowsProcessTree();
  return new PsProcessTree();
}

function safeKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
