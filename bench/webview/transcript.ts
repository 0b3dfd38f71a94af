/** Chat items for the webview benchmark: a long, varied transcript and a markdown answer to stream. */
import type { ChatItem } from '../../src/protocol/chatProtocol';

const PARAS = [
  'The **session manager** keeps one warm process per folder, so the first prompt skips the cold start. See `src/core/session/warmPool.ts`.',
  'Here is what changed:\n\n- the decoder splits on `\\n` bytes before decoding\n- the router keeps order across async handlers\n- a 10 MB line is refused with a clear error',
  'Run the tests with `npm test`; the integration layer needs the real CLI and the fake API.',
  '### Why\n\nThe CLI prints one `assistant` line per content block, so the reducer merges them by `message.id` and keeps the streamed text until the final line arrives.',
];

const CODE = "```ts\nexport function backoff(attempt: number, base = 500): number {\n  const exp = Math.min(base * 2 ** attempt, 32_000);\n  return exp + Math.random() * exp * 0.25;\n}\n```";

/** `count` items in turns of user / assistant / tool / tool / assistant / footer. */
export function longTranscript(count: number): ChatItem[] {
  const items: ChatItem[] = [];
  for (let turn = 0; items.length < count; turn++) {
    const t = `t${turn}`;
    items.push({ id: `u:${t}`, kind: 'user', text: `Question ${turn}: how does the pool behave when the folder's settings change?` });
    items.push({ id: `a:${t}:1`, kind: 'assistant', text: `${PARAS[turn % PARAS.length]}\n\n${turn % 3 === 0 ? CODE : PARAS[(turn + 1) % PARAS.length]}`, streaming: false });
    items.push({ id: `tool:${t}:1`, kind: 'tool', toolUseId: `toolu_${t}_1`, name: 'Read', summary: 'src/core/session/warmPool.ts', filePath: 'src/core/session/warmPool.ts', canDiff: false, status: 'done', result: Array.from({ length: 12 }, (_, i) => `${i + 1}\tline ${i + 1} of the file`).join('\n') });
    items.push({ id: `tool:${t}:2`, kind: 'tool', toolUseId: `toolu_${t}_2`, name: 'Bash', summary: 'npm test -- --grep pool', command: 'npm test -- --grep pool', canDiff: false, status: turn % 7 === 0 ? 'error' : 'done', result: 'passing (12)\n  ✓ warms one process per key\n  ✓ refills after a take' });
    items.push({ id: `a:${t}:2`, kind: 'assistant', text: PARAS[(turn + 2) % PARAS.length], streaming: false });
    items.push({ id: `f:${t}`, kind: 'footer', durationMs: 4200 + turn, inputTokens: 12000 + turn, outputTokens: 800, costUsd: 0.0123, numTurns: 3, isError: false, subtype: 'success' });
  }
  return items.slice(0, count);
}

/** The pieces a streamed markdown answer arrives in (about 6 characters each, as text deltas do). */
export function streamPieces(): string[] {
  const text = `${PARAS.join('\n\n')}\n\n${CODE}\n\n`;
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 6) out.push(text.slice(i, i + 6));
  return out;
}
