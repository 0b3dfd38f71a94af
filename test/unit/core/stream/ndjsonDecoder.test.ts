import { strict as assert } from 'node:assert';
import { DecodedLine, NdjsonDecoder } from '../../../../src/core/stream/ndjsonDecoder';
import { loadCaptures, prng, randomSplit } from '../testUtil';

const texts = (lines: DecodedLine[]): string[] => lines.map((l) => (l.kind === 'line' ? l.text : `<tooLong ${l.bytesSeen}>`));

function decodeAll(chunks: Buffer[], max = 1 << 20): DecodedLine[] {
  const d = new NdjsonDecoder(max);
  const out: DecodedLine[] = [];
  for (const c of chunks) out.push(...d.push(c));
  out.push(...d.end());
  return out;
}

// Lines with multi-byte UTF-8 (Hangul: 3 bytes, emoji: 4 bytes, some combining sequences) so random splits land inside characters.
const unicodeLines = [
  JSON.stringify({ type: 'assistant', message: { id: 'm', content: [{ type: 'text', text: '안녕하세요, 세계! 한국어 텍스트입니다.' }] } }),
  JSON.stringify({ type: 'stream_event', event: { type: 'content_block_delta', delta: { text: '🎉🚀👩‍👩‍👧‍👦 emoji ✔ é ñ 𝄞' } } }),
  JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: '끝 🏁' }),
];

describe('NdjsonDecoder', () => {
  const captures = loadCaptures();
  const all = Buffer.concat([...captures.map((c) => c.bytes), Buffer.from(unicodeLines.join('\n') + '\n')]);
  const expected = [...captures.flatMap((c) => c.lines), ...unicodeLines];

  it('has captures to replay', () => {
    assert.ok(captures.length >= 10, 'expected the recorded CLI captures');
    assert.ok(expected.length > 150);
  });

  for (const c of captures) {
    it(`replays ${c.name} in one chunk`, () => {
      assert.deepEqual(texts(decodeAll([c.bytes])), c.lines);
    });
  }

  it('replays every capture plus multi-byte lines split at random points (200 seeds)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = prng(seed);
      const chunks = randomSplit(all, random, 1 + Math.floor(random() * 400));
      assert.deepEqual(texts(decodeAll(chunks)), expected, `seed ${seed}`);
    }
  });

  it('decodes a line split at every byte offset, including inside each multi-byte character', () => {
    const line = Buffer.from(unicodeLines[0] + '\n' + unicodeLines[1] + '\n');
    for (let i = 0; i <= line.length; i++) {
      assert.deepEqual(texts(decodeAll([line.subarray(0, i), line.subarray(i)])), unicodeLines.slice(0, 2), `split at ${i}`);
    }
    // One byte at a time.
    const bytes = [...line].map((b) => Buffer.from([b]));
    assert.deepEqual(texts(decodeAll(bytes)), unicodeLines.slice(0, 2));
  });

  it('skips blank and whitespace-only lines and strips CRLF', () => {
    const out = decodeAll([Buffer.from('{"a":1}\r\n\r\n\n   \n\t\r\n{"b":2}\n')]);
    assert.deepEqual(texts(out), ['{"a":1}', '{"b":2}']);
  });

  it('strips a CR whose LF arrives in the next chunk', () => {
    assert.deepEqual(texts(decodeAll([Buffer.from('{"a":1}\r'), Buffer.from('\n{"b":2}\r\n')])), ['{"a":1}', '{"b":2}']);
  });

  it('reports the byte length of each line', () => {
    const out = decodeAll([Buffer.from('é\n')]);
    assert.deepEqual(out, [{ kind: 'line', text: 'é', bytes: 2 }]);
  });

  it('accepts a line of exactly the limit', () => {
    assert.deepEqual(texts(decodeAll([Buffer.from('0123456789\nok\n')], 10)), ['0123456789', 'ok']);
  });

  it('yields one tooLong for an over-limit line in one chunk, and the following lines still arrive', () => {
    const out = decodeAll([Buffer.from('first\n0123456789ABCDEF\nnext\nlast\n')], 10);
    assert.deepEqual(out[0], { kind: 'line', text: 'first', bytes: 5 });
    assert.deepEqual(out[1], { kind: 'tooLong', limit: 10, bytesSeen: 16 });
    assert.deepEqual(texts(out.slice(2)), ['next', 'last']);
  });

  it('yields one tooLong for an over-limit line that arrives in many chunks, without buffering it', () => {
    const d = new NdjsonDecoder(100);
    const out: DecodedLine[] = [];
    out.push(...d.push(Buffer.from('ok1\n' + 'x'.repeat(60))));
    for (let i = 0; i < 50; i++) out.push(...d.push(Buffer.from('y'.repeat(60))));
    out.push(...d.push(Buffer.from('zzz\nok2\n')));
    out.push(...d.end());
    const tooLong = out.filter((l) => l.kind === 'tooLong');
    assert.equal(tooLong.length, 1);
    assert.equal(tooLong[0].kind === 'tooLong' && tooLong[0].limit, 100);
    assert.ok(tooLong[0].kind === 'tooLong' && tooLong[0].bytesSeen > 100);
    assert.deepEqual(texts(out.filter((l) => l.kind === 'line')), ['ok1', 'ok2']);
    // Bounded memory: while skipping, nothing of the oversized line is kept.
    assert.equal((d as unknown as { pendingBytes: number }).pendingBytes, 0);
  });

  it('handles a pending partial line that the next chunk makes too long', () => {
    const out = decodeAll([Buffer.from('abcdef'), Buffer.from('ghijkl\nok\n')], 10);
    assert.deepEqual(texts(out), ['<tooLong 12>', 'ok']);
  });

  it('end() flushes a last unterminated line, and resets', () => {
    const d = new NdjsonDecoder(1000);
    assert.deepEqual(texts(d.push(Buffer.from('{"a":1}\n{"b":'))), ['{"a":1}']);
    assert.deepEqual(texts(d.push(Buffer.from('2}'))), []);
    assert.deepEqual(texts(d.end()), ['{"b":2}']);
    assert.deepEqual(d.end(), []);
    assert.deepEqual(texts(d.push(Buffer.from('{"c":3}\n'))), ['{"c":3}']);
  });

  it('end() drops an unterminated line that was already over the limit', () => {
    const d = new NdjsonDecoder(5);
    const out = [...d.push(Buffer.from('0123456789')), ...d.end()];
    assert.deepEqual(texts(out), ['<tooLong 10>']);
  });

  it('does not keep references to chunks the stream may reuse', () => {
    const d = new NdjsonDecoder(1000);
    const chunk = Buffer.from('{"keep":"me"');
    d.push(chunk);
    chunk.fill(0x41); // the stream reuses its buffer
    assert.deepEqual(texts(d.push(Buffer.from('}\n'))), ['{"keep":"me"}']);
  });
});
