/**
 * Diagnostic: why is a later turn slower through our core than on the bare CLI? Compares, in warm processes, the
 * bare CLI sending plain user lines, the bare CLI sending our exact line shape (uuid + parent_tool_use_id) and our
 * environment (CLAUDE_CODE_ENTRYPOINT=aicode-manager), and our SessionManager. Turns 2..N of each process.
 * Part of the startup benchmark; alone: npx tsx bench/startup/laterTurnsMain.ts [rounds] [turnsPerProcess]
 */
import { randomUUID } from 'node:crypto';
import type { Sandbox } from '../../test/integration/harness';
import type { BenchApi } from '../lib/remoteFakeApi';
import { nowMs, startBare } from '../lib/bareCli';
import { makeOurs, poolReady } from '../lib/ours';
import { sleep } from '../lib/stats';
import { streamingRequestAfter } from './variants';

export const LATER_VARIANTS = ['bare', 'bare+uuid', 'bare+ourEnv', 'ours'] as const;
export type LaterVariant = (typeof LATER_VARIANTS)[number];
type V = LaterVariant;

/** Per later turn: send → POST at the fake API, and send → that turn's system/init line seen by this process. */
export const splits: Record<string, number[]> = {};

export async function laterTurns(v: V, api: BenchApi, sandbox: Sandbox, turns: number): Promise<number[]> {
  const out: number[] = [];
  let initAt = 0;
  const onInit = (m: { type?: string; subtype?: string }): void => {
    if (m.type === 'system' && m.subtype === 'init') initAt = nowMs();
  };
  const split = (t: number): void => void (splits[v] ??= []).push(initAt - t);
  if (v === 'ours') {
    const o = makeOurs(sandbox, { size: 1 });
    try {
      o.manager.warm(o.folder);
      await poolReady(o);
      await sleep(300);
      const s = o.manager.create({ folder: o.folder });
      s.onMessage((m) => onInit(m as { type?: string; subtype?: string }));
      await s.send('first');
      for (let i = 0; i < turns; i++) {
        await sleep(50);
        const t = nowMs();
        const p = s.send(`turn ${i}`);
        out.push((await streamingRequestAfter(api, t)).arrivedAt - t);
        await p;
        split(t);
      }
    } finally {
      await o.manager.shutdown();
    }
    return out;
  }
  const env = v === 'bare+ourEnv' ? { CLAUDE_CODE_ENTRYPOINT: 'aicode-manager', AICODE_PROCESS_ID: randomUUID() } : undefined;
  const b = startBare(sandbox, { env, onMessage: (m) => onInit(m) });
  try {
    await b.control('initialize');
    await sleep(300);
    const send = (textLine: string): void => {
      if (v === 'bare') b.proc.sendUser(textLine);
      else b.proc.send({ type: 'user', message: { role: 'user', content: textLine }, parent_tool_use_id: null, uuid: randomUUID() });
    };
    let from = b.proc.messages.length;
    send('first');
    await b.nextResult(from);
    for (let i = 0; i < turns; i++) {
      await sleep(50);
      from = b.proc.messages.length;
      const t = nowMs();
      send(`turn ${i}`);
      out.push((await streamingRequestAfter(api, t)).arrivedAt - t);
      await b.nextResult(from);
      split(t);
    }
  } finally {
    await b.close();
  }
  return out;
}
