// Finds and kills every process of one e2e run (env AICODE_E2E_RUN=<id>, inherited by code-server, the
// extension host, `claude`, its tools and Chromium), wherever it was reparented. Linux /proc only.
import { readdirSync, readFileSync } from 'node:fs';

const read = (path, enc) => {
  try {
    return readFileSync(path, enc);
  } catch {
    return undefined;
  }
};

/** Live processes carrying `AICODE_E2E_RUN=<runId>`. */
export function findRun(runId) {
  const needle = `AICODE_E2E_RUN=${runId}`;
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  const out = [];
  for (const p of pids) {
    const pid = Number(p);
    if (pid === process.pid) continue;
    const env = read(`/proc/${pid}/environ`, 'latin1');
    if (!env || !env.split('\0').includes(needle)) continue;
    const stat = read(`/proc/${pid}/stat`, 'utf8') ?? '';
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (!state || state === 'Z' || state === 'X') continue;
    out.push({ pid, cmdline: (read(`/proc/${pid}/cmdline`, 'utf8') ?? '').split('\0').join(' ').trim() });
  }
  return out;
}

/** Kills (SIGKILL) what is left of a run and returns what it found. */
export function sweepRun(runId) {
  const left = findRun(runId);
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  return left;
}
