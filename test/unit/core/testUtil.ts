// Helpers shared by the core unit tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The raw stdout captures of the real CLI 2.1.197 (see /work/shared/claude-cli-protocol.md). */
export const CAPTURES_DIR = '/work/shared/captures';

export interface Capture {
  name: string;
  bytes: Buffer;
  /** The non-blank lines, as the decoder must yield them. */
  lines: string[];
}

export function loadCaptures(): Capture[] {
  return readdirSync(CAPTURES_DIR)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(CAPTURES_DIR, name));
      return { name, bytes, lines: bytes.toString('utf8').split('\n').filter((l) => l.trim().length > 0) };
    });
}

/** mulberry32: a tiny seeded PRNG so a failing split can be reproduced from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `buf` at `count` random byte offsets (sorted, possibly repeated: empty chunks are legal too). */
export function randomSplit(buf: Buffer, random: () => number, count: number): Buffer[] {
  const cuts = Array.from({ length: count }, () => Math.floor(random() * (buf.length + 1))).sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of cuts) {
    out.push(buf.subarray(prev, c));
    prev = c;
  }
  out.push(buf.subarray(prev));
  return out;
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 10 ms until it holds or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(10);
  }
}

/** Whether a process exists and is not a zombie (Linux /proc). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
