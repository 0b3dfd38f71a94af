import { strict as assert } from 'node:assert';
import * as sinon from 'sinon';
import { readRss, StallDetector, TailBuffer } from '../../../../src/core/process/processHealth';

describe('StallDetector', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers()));
  afterEach(() => clock.restore());

  function make(stallMs: number, quiet: () => boolean = () => false) {
    const stalls: number[] = [];
    const d = new StallDetector(stallMs, quiet, (ms) => stalls.push(ms));
    return { d, stalls };
  }

  it('reports once when a busy process is silent for stallMs', () => {
    const { d, stalls } = make(10_000);
    d.start();
    clock.tick(9_999);
    assert.deepEqual(stalls, []);
    clock.tick(2_500); // the check runs every stallMs/4
    assert.equal(stalls.length, 1);
    assert.ok(stalls[0] >= 10_000 && stalls[0] <= 12_500, String(stalls[0]));
    clock.tick(60_000);
    assert.equal(stalls.length, 1, 'reported once per silence');
    d.stop();
  });

  it('activity postpones the report and re-arms it', () => {
    const { d, stalls } = make(1_000);
    d.start();
    for (let i = 0; i < 10; i++) {
      clock.tick(900);
      d.activity();
    }
    assert.deepEqual(stalls, []);
    clock.tick(1_250);
    assert.equal(stalls.length, 1);
    d.activity();
    clock.tick(1_250);
    assert.equal(stalls.length, 2, 'a new silence after activity is reported again');
    d.stop();
  });

  it('allows quiet while a tool runs or a permission waits, and restarts the clock when that ends', () => {
    let quiet = true;
    const { d, stalls } = make(1_000, () => quiet);
    d.start();
    clock.tick(30_000);
    assert.deepEqual(stalls, [], 'no stall while quiet is allowed');
    quiet = false;
    clock.tick(500);
    assert.deepEqual(stalls, [], 'the silence is counted from the last allowed-quiet check, not from the start');
    clock.tick(1_000);
    assert.equal(stalls.length, 1);
    d.stop();
  });

  it('stop() ends the checks and start() twice keeps one timer', () => {
    const { d, stalls } = make(1_000);
    d.start();
    d.start();
    assert.equal(clock.countTimers(), 1);
    d.stop();
    assert.equal(clock.countTimers(), 0);
    clock.tick(10_000);
    assert.deepEqual(stalls, []);
  });

  it('checks at least every 50 ms and at most every 5 s', () => {
    const short = make(100);
    short.d.start();
    clock.tick(99);
    assert.equal(short.stalls.length, 0);
    clock.tick(51);
    assert.equal(short.stalls.length, 1, 'a 100 ms stall is seen within 150 ms');
    short.d.stop();
    const long = make(600_000);
    long.d.start();
    clock.tick(605_000);
    assert.equal(long.stalls.length, 1, 'a 10 min stall is seen within 5 s of it');
    long.d.stop();
  });
});

describe('TailBuffer', () => {
  it('keeps only the last `limit` characters', () => {
    const t = new TailBuffer(10);
    t.append('0123456789');
    t.append(Buffer.from('abc'));
    assert.equal(t.value, '3456789abc');
    t.append('x'.repeat(50));
    assert.equal(t.value, 'x'.repeat(10));
  });

  it('defaults to 8 KiB', () => {
    const t = new TailBuffer();
    t.append('y'.repeat(20_000));
    assert.equal(t.value.length, 8 * 1024);
  });
});

describe('readRss', () => {
  it('reads the resident set size of a live process', async () => {
    const rss = await readRss(process.pid);
    assert.ok(rss !== undefined && rss > 1024 * 1024, String(rss));
  });

  it('is undefined for a process that does not exist', async () => {
    assert.equal(await readRss(2 ** 22 + 12345), undefined);
  });
});
