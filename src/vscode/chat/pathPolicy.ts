// Which files the chat may open: only inside a workspace folder or the session's folder. Paths come from model
// output and tool inputs, so `..`, symlinks pointing outside and other drives are refused.
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function real(p: string): Promise<string | undefined> {
  try {
    return await realpath(p);
  } catch {
    return undefined;
  }
}

export type ResolvedPath = { ok: true; fsPath: string; exists: boolean } | { ok: false; reason: string };

/**
 * Resolves `input` (absolute, or relative to the first root) and checks it lies inside one of `roots`, after
 * following symlinks when the file exists.
 */
export async function resolveAllowedPath(input: string, roots: readonly string[]): Promise<ResolvedPath> {
  if (roots.length === 0) return { ok: false, reason: 'No workspace folder is open.' };
  const cleaned = input.replace(/^file:\/\//, '');
  const abs = path.resolve(roots[0], cleaned);
  if (!roots.some((r) => isInside(r, abs))) return { ok: false, reason: `${input} is outside the workspace.` };
  const resolved = await real(abs);
  if (resolved === undefined) return { ok: true, fsPath: abs, exists: false };
  const realRoots = await Promise.all(roots.map(async (r) => (await real(r)) ?? r));
  if (!realRoots.some((r) => isInside(r, resolved))) return { ok: false, reason: `${input} links to a place outside the workspace.` };
  return { ok: true, fsPath: abs, exists: true };
}
