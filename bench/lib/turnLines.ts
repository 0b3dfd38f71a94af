/**
 * CLI stdout lines for a streamed text turn, built from the real CLI's lines in /work/shared/captures
 * (02-oneshot-partial-messages.ndjson): same types, fields and envelope, with fresh uuids and N text deltas.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

const CAPTURE = '/work/shared/captures/02-oneshot-partial-messages.ndjson';

type Obj = Record<string, unknown>;

function templates(): Obj[] {
  if (existsSync(CAPTURE)) return readFileSync(CAPTURE, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Obj);
  throw new Error(`capture not found: ${CAPTURE}`);
}

const WORDS = ['The ', 'session ', 'manager ', 'keeps ', 'a ', 'warm ', 'process ', 'ready; ', 'deltas ', 'stream ', 'into ', 'the ', 'chat ', 'view ', 'at ', '500/s. '];

/** One turn: init, status, message_start, block start, `deltas` text deltas, assistant, block stop, message delta/stop, result. */
export function streamingTurnLines(deltas: number, sessionId = randomUUID(), turn = 1): string[] {
  const t = templates();
  const find = (pred: (o: Obj) => boolean): Obj => {
    const o = t.find(pred);
    if (!o) throw new Error('capture lacks a line this benchmark needs');
    return structuredClone(o);
  };
  const ev = (type: string) => find((o) => o.type === 'stream_event' && (o.event as Obj).type === type);
  const env = (o: Obj): string => JSON.stringify({ ...o, session_id: sessionId, uuid: randomUUID() });
  const msgId = `msg_bench_${turn}_${randomUUID().slice(0, 8)}`;
  const lines: string[] = [];
  const init = find((o) => o.type === 'system' && o.subtype === 'init');
  lines.push(env(init));
  lines.push(env(find((o) => o.type === 'system' && o.subtype === 'status')));
  const start = ev('message_start');
  ((start.event as Obj).message as Obj).id = msgId;
  lines.push(env(start));
  lines.push(env(ev('content_block_start')));
  const delta = ev('content_block_delta');
  let text = '';
  for (let i = 0; i < deltas; i++) {
    const piece = WORDS[i % WORDS.length];
    text += piece;
    ((delta.event as Obj).delta as Obj).text = piece;
    lines.push(env(delta));
  }
  const assistant = find((o) => o.type === 'assistant');
  const message = assistant.message as Obj;
  message.id = msgId;
  message.content = [{ type: 'text', text }];
  lines.push(env(assistant));
  lines.push(env(ev('content_block_stop')));
  lines.push(env(ev('message_delta')));
  lines.push(env(ev('message_stop')));
  const result = find((o) => o.type === 'result');
  result.result = text;
  lines.push(env(result));
  return lines;
}
