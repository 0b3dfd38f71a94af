// Fuzzy ranking of workspace-relative paths for @-mentions. No vscode import: pure.

const MaxResults = 50;

/** Higher is better; undefined when `query` is not a subsequence of `candidate` (both compared lowercase). */
export function fuzzyScore(query: string, candidate: string): number | undefined {
  const q = query.toLowerCase();
  const c = candidate.toLowerCase();
  if (q === '') return 0;
  const base = c.lastIndexOf('/') + 1;
  let score = 0;
  let ci = 0;
  let prev = -2;
  for (const ch of q) {
    const at = c.indexOf(ch, ci);
    if (at < 0) return undefined;
    score += 1;
    if (at === prev + 1) score += 3; // consecutive
    if (at === 0 || c[at - 1] === '/' || c[at - 1] === '.' || c[at - 1] === '-' || c[at - 1] === '_') score += 2; // word start
    if (at >= base) score += 1; // in the file name
    prev = at;
    ci = at + 1;
  }
  if (c.slice(base).startsWith(q)) score += 5;
  return score - c.length / 100;
}

export function rankPaths(query: string, paths: readonly string[], max = MaxResults): string[] {
  const scored: { p: string; s: number }[] = [];
  for (const p of paths) {
    const s = fuzzyScore(query, p);
    if (s !== undefined) scored.push({ p, s });
  }
  scored.sort((a, b) => b.s - a.s || a.p.length - b.p.length || a.p.localeCompare(b.p));
  return scored.slice(0, max).map((x) => x.p);
}

