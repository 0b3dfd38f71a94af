// A transcript is a tree, not a list: every entry names its parent (parentUuid). When a prompt is sent again from an
// earlier point (`--resume-session-at`: our retry of a failed turn), the failed attempt stays in the file as a second
// prompt under the same parent, and the CLI no longer sends it to the model. Readers show what the model sees.
//
// Only such abandoned prompts (and everything under them) are dropped. Other entries may share a parent too (the
// CLI's parallel tool calls), so the file is not reduced to a single chain.

interface EntryLine {
  uuid?: unknown;
  parentUuid?: unknown;
  isSidechain?: unknown;
  isMeta?: unknown;
  type?: unknown;
  message?: { content?: unknown };
}

export class LiveBranch {
  private readonly childrenOf = new Map<string, string[]>();
  /** The newest prompt under each parent; earlier ones were abandoned. */
  private readonly promptUnder = new Map<string, string>();
  private readonly abandoned: string[] = [];
  private leaf: string | undefined;

  /** Every line of the file, in order. */
  add(line: unknown): void {
    const l = line as EntryLine;
    if (typeof l !== 'object' || l === null || typeof l.uuid !== 'string' || l.isSidechain === true) return;
    if (l.type === 'user' || l.type === 'assistant') this.leaf = l.uuid;
    if (typeof l.parentUuid !== 'string') return;
    const siblings = this.childrenOf.get(l.parentUuid);
    if (siblings) siblings.push(l.uuid);
    else this.childrenOf.set(l.parentUuid, [l.uuid]);
    if (isPrompt(l)) {
      const earlier = this.promptUnder.get(l.parentUuid);
      if (earlier) this.abandoned.push(earlier);
      this.promptUnder.set(l.parentUuid, l.uuid);
    }
  }

  /** Whether a line is on the live branch: not an abandoned prompt nor anything that followed from it. */
  keeps(): (line: unknown) => boolean {
    if (this.abandoned.length === 0) return () => true;
    const dead = new Set<string>();
    const stack = [...this.abandoned];
    while (stack.length > 0) {
      const uuid = stack.pop()!;
      if (dead.has(uuid)) continue;
      dead.add(uuid);
      stack.push(...(this.childrenOf.get(uuid) ?? []));
    }
    // The newest entry is live by definition: if it looks abandoned, the file is not what we think; keep everything.
    if (this.leaf !== undefined && dead.has(this.leaf)) return () => true;
    return (line) => {
      const uuid = (line as EntryLine | null)?.uuid;
      return typeof uuid !== 'string' || !dead.has(uuid);
    };
  }
}

/** A user entry the person typed (not a tool result). */
function isPrompt(l: EntryLine): boolean {
  if (l.type !== 'user' || l.isMeta === true) return false;
  const content = l.message?.content;
  if (typeof content === 'string') return true;
  return Array.isArray(content) && !content.some((b) => (b as { type?: unknown } | null)?.type === 'tool_result');
}
