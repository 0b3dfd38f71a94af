import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { StdinClosedError, StdinWriter, userMessageLine } from '../../../../src/core/control/stdinWriter';
import { delay } from '../testUtil';

function lines(stream: PassThrough): string[] {
  const out: string[] = [];
  let buf = '';
  stream.on('data', (c: Buffer) => {
    buf += c.toString('utf8');
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    out.push(...parts);
  });
  return out;
}

describe('StdinWriter', () => {
  it('writes one JSON object per line, in order', async () => {
    const stdin = new PassThrough();
    const seen = lines(stdin);
    const w = new StdinWriter(stdin);
    await Promise.all([w.write({ n: 1, text: 'multi\nline "quoted"' }), w.write({ n: 2, text: '한국어 🎉' }), w.write({ n: 3 })]);
    assert.deepEqual(seen.map((l) => JSON.parse(l) as unknown), [{ n: 1, text: 'multi\nline "quoted"' }, { n: 2, text: '한국어 🎉' }, { n: 3 }]);
    assert.equal(seen.length, 3, 'a newline inside a string never splits the line');
  });

  it('waits for drain when the pipe is full, and keeps the order', async () => {
    const stdin = new PassThrough({ highWaterMark: 16 });
    const w = new StdinWriter(stdin);
    let firstDone = false;
    const first = w.write({ big: 'x'.repeat(100) }).then(() => (firstDone = true));
    const second = w.write({ n: 2 });
    await delay(20);
    assert.equal(firstDone, false, 'the write must not resolve before the reader drains the pipe');
    const seen = lines(stdin); // start reading: the pipe drains
    await Promise.all([first, second]);
    assert.deepEqual(seen.map((l) => JSON.parse(l) as unknown), [{ big: 'x'.repeat(100) }, { n: 2 }]);
  });

  it('rejects writes after end()', async () => {
    const stdin = new PassThrough();
    lines(stdin);
    const w = new StdinWriter(stdin);
    assert.equal(w.isClosed, false);
    w.end();
    w.end();
    assert.equal(w.isClosed, true);
    await assert.rejects(w.write({ n: 1 }), StdinClosedError);
  });

  it('an error on stdin (EPIPE) closes the writer without an unhandled error; later writes fail', async () => {
    const stdin = new PassThrough();
    const w = new StdinWriter(stdin);
    stdin.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await delay(1);
    assert.equal(w.isClosed, true);
    await assert.rejects(w.write({ n: 1 }), StdinClosedError);
  });

  it('a failed write does not block the writes queued after it', async () => {
    const stdin = new PassThrough();
    const w = new StdinWriter(stdin);
    const a = w.write({ n: 1 });
    stdin.destroy();
    const b = w.write({ n: 2 });
    await assert.rejects(a);
    await assert.rejects(b, StdinClosedError);
  });
});

describe('userMessageLine', () => {
  it('sends plain text as a string content', () => {
    assert.deepEqual(userMessageLine('hi'), { type: 'user', message: { role: 'user', content: 'hi' }, parent_tool_use_id: null });
  });

  it('sends text plus images as blocks, and keeps a uuid', () => {
    assert.deepEqual(userMessageLine('what is this', [{ mediaType: 'image/png', base64: 'iVBOR' }], 'u-1'), {
      type: 'user',
      message: { role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } }] },
      parent_tool_use_id: null,
      uuid: 'u-1',
    });
  });
});
