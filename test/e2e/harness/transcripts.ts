/**
 * Writes a Claude Code transcript file the way the CLI does (`$HOME/.claude/projects/<escaped cwd>/<id>.jsonl`,
 * one JSON object per line, user and assistant lines chained by parentUuid), so a test can resume a long
 * conversation without producing it turn by turn.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `/tmp/a b.c` → `-tmp-a-b-c`: every non-alphanumeric character of the absolute path becomes `-`. */
export function escapeProjectPath(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, '-');
}

export interface TranscriptOptions {
  home: string;
  /** The absolute workspace folder the conversation ran in. */
  cwd: string;
  /** User + assistant lines in total (alternating, starting with the user). */
  messages: number;
  /** Text of message `i` (0-based; even = user, odd = assistant). Default: short numbered lines. */
  textOf?: (i: number) => string;
  sessionId?: string;
}

export interface WrittenTranscript {
  sessionId: string;
  file: string;
  bytes: number;
}

export function writeTranscript(o: TranscriptOptions): WrittenTranscript {
  const sessionId = o.sessionId ?? randomUUID();
  const dir = join(o.home, '.claude', 'projects', escapeProjectPath(o.cwd));
  mkdirSync(dir, { recursive: true });
  const textOf = o.textOf ?? ((i: number) => (i % 2 === 0 ? `Question ${i / 2}` : `Answer ${(i - 1) / 2}`));
  const start = Date.now() - o.messages * 1000;
  const common = { isSidechain: false, userType: 'external', entrypoint: 'aicode-manager', cwd: o.cwd, sessionId, version: '2.1.197' };
  const lines: string[] = [];
  let parentUuid: string | null = null;
  for (let i = 0; i < o.messages; i++) {
    const uuid = randomUUID();
    const timestamp = new Date(start + i * 1000).toISOString();
    const line =
      i % 2 === 0
        ? { parentUuid, ...common, type: 'user', message: { role: 'user', content: textOf(i) }, uuid, timestamp, permissionMode: 'default', promptSource: 'sdk' }
        : {
            parentUuid,
            ...common,
            type: 'assistant',
            message: {
              id: `msg_e2e_${i}`,
              type: 'message',
              role: 'assistant',
              model: 'claude-opus-4-8',
              content: [{ type: 'text', text: textOf(i) }],
              stop_reason: 'end_turn',
              stop_sequence: null,
              usage: { input_tokens: 10, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
            },
            requestId: `req_e2e_${i}`,
            uuid,
            timestamp,
          };
    lines.push(JSON.stringify(line));
    parentUuid = uuid;
  }
  const body = `${lines.join('\n')}\n`;
  const file = join(dir, `${sessionId}.jsonl`);
  writeFileSync(file, body);
  return { sessionId, file, bytes: Buffer.byteLength(body) };
}
