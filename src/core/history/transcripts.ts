import { createReadStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { CliMessage } from '../stream/cliMessages';
import { classifyCliValue } from '../stream/parseCliMessage';
import { LiveBranch } from './liveBranch';

// The CLI's own transcripts: $HOME/.claude/projects/<escaped cwd>/<session id>.jsonl (protocol notes §5), including
// conversations started in a terminal. Read by streaming, never whole, so a large file never blocks the host.

/** `/home/dev/My Proj.v2` → `-home-dev-My-Proj-v2`: every non-alphanumeric character becomes `-`. */
export function escapeCwd(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, '-');
}

export function transcriptDir(cwd: string, home = os.homedir()): string {
  return path.join(home, '.claude', 'projects', escapeCwd(cwd));
}

export function transcriptPath(cwd: string, sessionId: string, home = os.homedir()): string {
  return path.join(transcriptDir(cwd, home), `${sessionId}.jsonl`);
}

export interface PastSession {
  id: string;
  title: string;
  modifiedAt: number;
  sizeBytes: number;
  file: string;
}

const UUID_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.jsonl$/i;

/** Past sessions of a folder, newest first, titled by their first prompt (read from the head of each file only). */
export async function listPastSessions(cwd: string, home = os.homedir(), limit = 200): Promise<PastSession[]> {
  const dir = transcriptDir(cwd, home);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => UUID_FILE.test(n));
  const stats = await Promise.all(names.map(async (n) => ({ n, st: await fs.stat(path.join(dir, n)).catch(() => undefined) })));
  const sorted = stats.filter((s) => s.st?.isFile()).sort((a, b) => b.st!.mtimeMs - a.st!.mtimeMs).slice(0, limit);
  return Promise.all(
    sorted.map(async ({ n, st }) => {
      const file = path.join(dir, n);
      return { id: n.slice(0, -'.jsonl'.length), title: (await firstPrompt(file)) ?? '(no prompt)', modifiedAt: st!.mtimeMs, sizeBytes: st!.size, file };
    }),
  );
}

/** The first user prompt of a transcript, reading at most the first lines of the file. */
export async function firstPrompt(file: string, maxLines = 200): Promise<string | undefined> {
  let found: string | undefined;
  await eachLine(file, (value) => {
    const text = promptText(value);
    if (text) {
      found = text.split('\n')[0].slice(0, 80);
      return false;
    }
    return true;
  }, maxLines);
  return found;
}

/** The conversation's user and assistant lines as CLI messages, streamed from disk; abandoned attempts left out. */
export async function readTranscript(file: string): Promise<CliMessage[]> {
  const lines: { uuid: unknown; message: CliMessage }[] = [];
  const branch = new LiveBranch();
  await eachLine(file, (value) => {
    branch.add(value);
    const v = value as { type?: unknown; isSidechain?: unknown; isMeta?: unknown; uuid?: unknown };
    if ((v.type === 'user' || v.type === 'assistant') && v.isSidechain !== true && v.isMeta !== true) {
      const parsed = classifyCliValue(value);
      if (parsed.ok) lines.push({ uuid: v.uuid, message: parsed.message });
    }
    return true;
  });
  const keeps = branch.keeps();
  return lines.filter((l) => keeps(l)).map((l) => l.message);
}

/** Entries the CLI writes around any prompt, carrying nothing of the conversation's content. */
const BOOKKEEPING = new Set(['queue-operation', 'last-prompt', 'mode', 'attachment']);

/**
 * Removes the transcript of a conversation that holds nothing but one failed attempt at its first prompt (the prompt
 * with this uuid, the CLI's bookkeeping, its synthetic API-error reply), once that prompt went out again in a new
 * conversation: history then lists the conversation once. Anything else in the file keeps it: a reply, a tool call,
 * another prompt, a line that does not parse, a file over 1 MB.
 */
export async function discardFailedFirstAttempt(file: string, promptUuid: string): Promise<boolean> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined || text.length > 1_000_000) return false;
  let prompts = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let v: { type?: unknown; uuid?: unknown; isApiErrorMessage?: unknown; message?: { content?: unknown } };
    try {
      v = JSON.parse(raw) as typeof v;
    } catch {
      return false;
    }
    if (typeof v.type === 'string' && BOOKKEEPING.has(v.type)) continue;
    if (v.type === 'assistant' && v.isApiErrorMessage === true) continue;
    if (v.type === 'user' && v.uuid === promptUuid && !JSON.stringify(v.message?.content ?? '').includes('"tool_result"')) {
      prompts++;
      continue;
    }
    return false;
  }
  if (prompts !== 1) return false;
  return fs.unlink(file).then(
    () => true,
    () => false,
  );
}

function promptText(value: unknown): string | undefined {
  const v = value as { type?: string; isMeta?: boolean; message?: { role?: string; content?: unknown } };
  if (v.type !== 'user' || v.isMeta || v.message?.role !== 'user') return undefined;
  const c = v.message.content;
  const text = typeof c === 'string' ? c : Array.isArray(c) ? c.find((b: { type?: string; text?: string }) => b?.type === 'text' && typeof b.text === 'string')?.text : undefined;
  if (!text || text.startsWith('<') || text.startsWith('[Request interrupted')) return undefined;
  return text.trim();
}

async function eachLine(file: string, onValue: (value: unknown) => boolean, maxLines = Infinity): Promise<void> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of rl) {
      if (++n > maxLines) break;
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue; // a torn last line from a crash
      }
      if (!onValue(value)) break;
    }
  } catch {
    // Unreadable file: treat as empty.
  } finally {
    rl.close();
    stream.destroy();
  }
}
