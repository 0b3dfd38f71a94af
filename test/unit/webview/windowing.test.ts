import { strict as assert } from 'node:assert';
import { buildPrefix, computeWindow, estimateHeight, indexAt, isNearBottom } from '../../../src/webview/windowing';

describe('virtual list windowing', () => {
  const prefix = buildPrefix(Array.from({ length: 5000 }, () => 50));

  it('builds prefix sums and finds the item at an offset', () => {
    assert.deepEqual([...buildPrefix([10, 20, 30])], [0, 10, 30, 60]);
    const p = buildPrefix([10, 20, 30]);
    assert.equal(indexAt(p, -5), 0);
    assert.equal(indexAt(p, 0), 0);
    assert.equal(indexAt(p, 9.9), 0);
    assert.equal(indexAt(p, 10), 1);
    assert.equal(indexAt(p, 29), 1);
    assert.equal(indexAt(p, 30), 2);
    assert.equal(indexAt(p, 1000), 2);
    assert.equal(indexAt(buildPrefix([]), 10), 0);
  });

  it('renders only the items near the viewport, with spacers for the rest', () => {
    const w = computeWindow(prefix, 100_000, 800, 200);
    assert.equal(w.start, (100_000 - 200) / 50);
    assert.equal(w.end, (100_000 + 800 + 200) / 50 + 1);
    assert.equal(w.padTop, w.start * 50);
    assert.equal(w.padBottom, (5000 - w.end) * 50);
    assert.ok(w.end - w.start < 30);
  });

  it('clamps at both ends and handles an empty list', () => {
    assert.deepEqual(computeWindow(buildPrefix([]), 0, 800, 200), { start: 0, end: 0, padTop: 0, padBottom: 0 });
    const top = computeWindow(prefix, -50, 800, 200);
    assert.equal(top.start, 0);
    assert.equal(top.padTop, 0);
    const bottom = computeWindow(prefix, Number.MAX_SAFE_INTEGER, 800, 200);
    assert.equal(bottom.end, 5000);
    assert.equal(bottom.padBottom, 0);
    assert.equal(bottom.start, (5000 * 50 - 800 - 200) / 50);
    const short = computeWindow(buildPrefix([10, 10]), 0, 800, 200);
    assert.deepEqual(short, { start: 0, end: 2, padTop: 0, padBottom: 0 });
  });

  it('stretches the window to keep the focused item rendered, within limits', () => {
    const w = computeWindow(prefix, 100_000, 800, 0);
    assert.equal(computeWindow(prefix, 100_000, 800, 0, w.start - 10).start, w.start - 10);
    assert.equal(computeWindow(prefix, 100_000, 800, 0, w.end + 10).end, w.end + 11);
    assert.equal(computeWindow(prefix, 100_000, 800, 0, 0).start, w.start);
    assert.equal(computeWindow(prefix, 100_000, 800, 0, 4999).end, w.end);
  });

  it('knows when the view is at the bottom', () => {
    assert.ok(isNearBottom(1000, 500, 1500));
    assert.ok(isNearBottom(980, 500, 1500));
    assert.ok(!isNearBottom(900, 500, 1500));
  });

  it('estimates heights by kind and text length', () => {
    const short = estimateHeight({ kind: 'assistant', id: 'a', text: 'hi', streaming: false }, 60);
    const long = estimateHeight({ kind: 'assistant', id: 'a', text: 'x'.repeat(600), streaming: false }, 60);
    assert.ok(long > short * 5);
    assert.ok(estimateHeight({ kind: 'user', id: 'u', text: 'a\nb', images: [{ mediaType: 'image/png', base64: '' }] }, 60) > estimateHeight({ kind: 'user', id: 'u', text: 'a\nb' }, 60));
    for (const kind of ['tool', 'permission', 'thinking', 'error', 'notice'] as const) {
      assert.ok(estimateHeight({ kind, id: 'x' } as never, 60) > 0, kind);
    }
  });
});
