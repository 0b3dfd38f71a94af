import { strict as assert } from 'node:assert';
import * as sinon from 'sinon';
import { backoffDelay } from '../../../../src/core/resilience/backoff';

describe('backoffDelay (cockatiel exponential backoff, decorrelated jitter)', () => {
  afterEach(() => sinon.restore());

  it('roughly doubles per attempt from the initial delay (jitter pinned to its middle)', () => {
    sinon.stub(Math, 'random').returns(0.5);
    const d = [0, 1, 2, 3, 4].map((a) => backoffDelay(a, 1000));
    assert.ok(d[0] > 500 && d[0] < 1500, `first retry near the initial delay: ${d[0]}`);
    for (let i = 2; i < d.length; i++) {
      const ratio = d[i] / d[i - 1];
      assert.ok(ratio > 1.6 && ratio < 2.4, `attempt ${i}: ${d[i - 1]} → ${d[i]} (×${ratio.toFixed(2)})`);
    }
  });

  it('never exceeds maxDelay, however many attempts', () => {
    for (let a = 0; a < 40; a++) assert.ok(backoffDelay(a, 1000, 30_000) <= 30_000);
    sinon.stub(Math, 'random').returns(0.5);
    assert.equal(backoffDelay(20, 1000, 30_000), 30_000);
  });

  it('is jittered: two sessions retrying the same attempt rarely wait the same time', () => {
    const samples = new Set(Array.from({ length: 50 }, () => Math.round(backoffDelay(3, 1000))));
    assert.ok(samples.size > 40, `${samples.size} distinct delays of 50`);
    for (const s of samples) assert.ok(s >= 0 && s <= 30_000);
  });

  it('scales with the initial delay (aicode.resilience: small in tests, ~1 s by default)', () => {
    sinon.stub(Math, 'random').returns(0.5);
    assert.equal(Math.round(backoffDelay(2, 50) * 20), Math.round(backoffDelay(2, 1000)));
  });
});
