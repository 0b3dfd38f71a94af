import { strict as assert } from 'node:assert';
import { CliMessage } from '../../../../src/core/stream/cliMessages';
import { MessageRouter } from '../../../../src/core/stream/messageRouter';
import { delay, prng, waitFor } from '../testUtil';

const sys = (n: number): CliMessage => ({ type: 'system', subtype: `s${n}` });
const asst = (n: number): CliMessage => ({ type: 'assistant', message: { id: `m${n}`, content: [] } });
const label = (m: CliMessage): string => (m.type === 'system' ? m.subtype : m.type === 'assistant' ? m.message.id : m.type);

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe('MessageRouter', () => {
  it('delivers synchronously when nothing is pending', () => {
    const router = new MessageRouter();
    const seen: string[] = [];
    router.on('system', (m) => void seen.push(m.subtype));
    router.dispatch(sys(1));
    assert.deepEqual(seen, ['s1']);
  });

  it('keeps the order across types when handlers are async and take random times', async () => {
    const router = new MessageRouter();
    const random = prng(7);
    const seen: string[] = [];
    const slow = async (m: CliMessage) => {
      await delay(Math.floor(random() * 3));
      seen.push(label(m));
    };
    router.on('system', slow);
    router.on('assistant', (m) => void seen.push(label(m))); // sync for this type
    const sent: CliMessage[] = [];
    for (let i = 0; i < 60; i++) sent.push(i % 3 === 0 ? asst(i) : sys(i));
    for (const m of sent) router.dispatch(m);
    await waitFor(() => seen.length === sent.length, 'all messages');
    assert.deepEqual(seen, sent.map(label));
  });

  it('runs every handler of a message before the next message starts', async () => {
    const router = new MessageRouter();
    const log: string[] = [];
    router.on('system', async (m) => {
      log.push(`a:${label(m)}:start`);
      await delay(5);
      log.push(`a:${label(m)}:end`);
    });
    router.onAny(async (m) => {
      await delay(1);
      log.push(`any:${label(m)}`);
    });
    router.dispatch(sys(1));
    router.dispatch(sys(2));
    await waitFor(() => log.length === 6, 'six entries');
    assert.deepEqual(log, ['a:s1:start', 'any:s1', 'a:s1:end', 'a:s2:start', 'any:s2', 'a:s2:end']);
  });

  it('asks the source to pause above the high-water mark and to resume once drained below the low-water mark', async () => {
    const router = new MessageRouter({ highWaterMark: 10, lowWaterMark: 3 });
    const pressure: { on: boolean; backlog: number }[] = [];
    router.onPressure((on) => pressure.push({ on, backlog: router.backlog }));
    const g = gate();
    const seen: string[] = [];
    router.on('system', async (m) => {
      if (m.subtype === 's0') await g.promise;
      seen.push(m.subtype);
    });
    router.dispatch(sys(0)); // blocks the queue
    for (let i = 1; i <= 9; i++) router.dispatch(sys(i));
    assert.equal(pressure.length, 0, 'no pause below the mark');
    router.dispatch(sys(10));
    assert.deepEqual(pressure, [{ on: true, backlog: 10 }]);
    for (let i = 11; i <= 20; i++) router.dispatch(sys(i));
    assert.equal(pressure.length, 1, 'pause fires once');
    assert.equal(router.backlog, 20);
    g.open();
    await waitFor(() => seen.length === 21, 'drain');
    assert.deepEqual(pressure.map((p) => p.on), [true, false]);
    assert.ok(pressure[1].backlog <= 3, `resumed at backlog ${pressure[1].backlog}`);
    assert.deepEqual(seen, Array.from({ length: 21 }, (_, i) => `s${i}`));
    assert.equal(router.backlog, 0);
  });

  it('defaults the low-water mark to a quarter of the high-water mark', async () => {
    const router = new MessageRouter({ highWaterMark: 8 });
    const g = gate();
    let resumedAt = -1;
    router.onPressure((on) => {
      if (!on) resumedAt = router.backlog;
    });
    router.on('system', async (m) => {
      if (m.subtype === 's0') await g.promise;
    });
    for (let i = 0; i <= 12; i++) router.dispatch(sys(i));
    g.open();
    await waitFor(() => resumedAt >= 0, 'resume');
    assert.equal(resumedAt, 2);
  });

  it('a throwing handler (sync or async) does not stop the others or later messages', async () => {
    const errors: [unknown, string][] = [];
    const router = new MessageRouter({ onHandlerError: (err, msg) => errors.push([err, label(msg)]) });
    const seen: string[] = [];
    router.on('system', () => {
      throw new Error('sync boom');
    });
    router.on('system', async (m) => {
      await delay(1);
      if (m.subtype === 's1') throw new Error('async boom');
    });
    router.on('system', (m) => void seen.push(`typed:${m.subtype}`));
    router.onAny((m) => void seen.push(`any:${label(m)}`));
    router.dispatch(sys(1));
    router.dispatch(sys(2));
    await waitFor(() => seen.length === 4 && errors.length === 3, 'delivery');
    assert.deepEqual(seen, ['typed:s1', 'any:s1', 'typed:s2', 'any:s2']);
    assert.deepEqual(errors.map(([e, m]) => `${(e as Error).message}@${m}`).sort(), ['async boom@s1', 'sync boom@s1', 'sync boom@s2']);
  });

  it('on() and onAny() return disposables that unsubscribe', () => {
    const router = new MessageRouter();
    const seen: string[] = [];
    const a = router.on('system', () => void seen.push('typed'));
    const b = router.onAny(() => void seen.push('any'));
    router.dispatch(sys(1));
    a.dispose();
    b.dispose();
    router.dispatch(sys(2));
    assert.deepEqual(seen, ['typed', 'any']);
  });

  it('dispose() drops the backlog and the handlers', async () => {
    const router = new MessageRouter();
    const g = gate();
    const seen: string[] = [];
    router.on('system', async (m) => {
      seen.push(m.subtype);
      if (m.subtype === 's0') await g.promise;
    });
    router.dispatch(sys(0));
    router.dispatch(sys(1));
    router.dispose();
    g.open();
    await delay(5);
    assert.deepEqual(seen, ['s0']);
    assert.equal(router.backlog, 0);
  });
});
