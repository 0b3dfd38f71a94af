import { strict as assert } from 'node:assert';
import { Histogram, Metrics } from '../../../../src/core/metrics/metrics';

describe('metrics', () => {
  it('Histogram percentiles use the nearest rank', () => {
    const h = new Histogram();
    assert.equal(h.percentile(50), undefined);
    assert.deepEqual(h.summary(), { count: 0, p50: undefined, p95: undefined, last: undefined });
    for (const v of [100, 1, 50, 99, 2, 3, 4, 5, 6, 7]) h.record(v);
    assert.equal(h.count, 10);
    assert.equal(h.percentile(0), 1);
    assert.equal(h.percentile(10), 1);
    assert.equal(h.percentile(50), 5);
    assert.equal(h.percentile(90), 99);
    assert.equal(h.percentile(95), 100);
    assert.equal(h.percentile(100), 100);
    assert.equal(h.percentile(150), 100, 'clamped');
    assert.deepEqual(h.summary(), { count: 10, p50: 5, p95: 100, last: 7 });
  });

  it('Histogram percentiles over 1..100', () => {
    const h = new Histogram();
    for (let i = 100; i >= 1; i--) h.record(i);
    assert.equal(h.percentile(50), 50);
    assert.equal(h.percentile(95), 95);
    assert.equal(h.percentile(99), 99);
  });

  it('Histogram keeps only the latest `capacity` values and ignores non-finite ones', () => {
    const h = new Histogram(3);
    for (const v of [1000, 2000, 1, 2, 3]) h.record(v);
    h.record(NaN);
    h.record(Infinity);
    assert.equal(h.count, 3);
    assert.equal(h.percentile(100), 3, 'the oldest values were dropped');
    assert.equal(h.summary().last, 3);
  });

  it('Metrics counts errors by kind and snapshots everything', () => {
    const m = new Metrics();
    m.error('crashed');
    m.error('crashed');
    m.error('stalled');
    m.spawnMs.record(500);
    m.turnMs.record(1200);
    m.tokensIn = 10;
    m.tokensOut = 20;
    m.costUsd = 0.5;
    m.turns = 2;
    m.restarts = 1;
    m.spawns = 3;
    const s = m.snapshot();
    assert.deepEqual(s.errorsByKind, { crashed: 2, stalled: 1 });
    assert.deepEqual(s.spawnMs, { count: 1, p50: 500, p95: 500, last: 500 });
    assert.deepEqual(s.turnMs, { count: 1, p50: 1200, p95: 1200, last: 1200 });
    assert.equal(s.warmTakeMs.count, 0);
    assert.equal(s.timeToFirstTokenMs.count, 0);
    assert.deepEqual([s.tokensIn, s.tokensOut, s.costUsd, s.turns, s.restarts, s.spawns], [10, 20, 0.5, 2, 1, 3]);
    m.error('stalled');
    assert.deepEqual(s.errorsByKind, { crashed: 2, stalled: 1 }, 'a snapshot is a copy');
  });
});
