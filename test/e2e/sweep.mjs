// Finds and kills every process of one e2e run (env AICODE_E2E_RUN=<id>, inherited by code-server, the
// extension host, `claude`, its tools and Chromium), wherever it was reparented. Linux /proc only.
// scripts/start.mjs uses the same scan with its own marker variable.
import { readdirSync, readFileSync } from 'node:fs';

const read = (path, enc) => {
  try {
    return readFileSync(path, enc);
  } catch {
    return undefined;
  }
};

/** Live processes whose environment holds `name=value`. */
export function findMarked(name, value) {
  const needle = `${name}=${value}`;
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

/** Kills (SIGKILL) every process whose environment holds `name=value`; returns what it found. */
export function sweepMarked(name, value) {
  const left = findMarked(name, value);
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  return left;
}

/** Kills what is left of an e2e run. */
export const sweepRun = (runId) => sweepMarked('AICODE_E2E_RUN', runId);
