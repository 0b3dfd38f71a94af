import { strict as assert } from 'node:assert';
import { caretAtEnd, caretAtStart, InputHistory, mentionAt } from '../../../src/webview/inputHistory';

describe('input history and mentions', () => {
  it('walks back and forth and restores the draft', () => {
    const h = new InputHistory(['one', 'two']);
    assert.equal(h.next(), undefined);
    assert.equal(h.previous('draft'), 'two');
    assert.equal(h.previous('two'), 'one');
    assert.equal(h.previous('one'), undefined);
    assert.equal(h.next(), 'two');
    assert.equal(h.next(), 'draft');
    assert.equal(h.next(), undefined);
  });

  it('skips blanks and repeats, caps its length, and restarts after an edit', () => {
    const h = new InputHistory([], 3);
    for (const t of ['a', 'a', ' ', 'b', 'c', 'd']) h.push(t);
    assert.deepEqual(h.all(), ['b', 'c', 'd']);
    h.previous('');
    h.previous('');
    h.resetCursor();
    assert.equal(h.previous(''), 'd');
    assert.equal(new InputHistory().previous('x'), undefined);
  });

  it('recalls only with the caret at the very start or end', () => {
    assert.ok(caretAtStart(0, 0));
    assert.ok(!caretAtStart(0, 3));
    assert.ok(!caretAtStart(2, 2));
    assert.ok(caretAtEnd('abc', 3, 3));
    assert.ok(!caretAtEnd('abc', 1, 1));
  });

  it('finds the @query before the caret', () => {
    assert.deepEqual(mentionAt('look at @src/ma', 15), { start: 8, query: 'src/ma' });
    assert.deepEqual(mentionAt('@', 1), { start: 0, query: '' });
    assert.equal(mentionAt('mail me@example.com', 19), undefined);
    assert.equal(mentionAt('@done ', 6), undefined);
  });
});
