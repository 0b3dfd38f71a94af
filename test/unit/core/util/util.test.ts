import { strict as assert } from 'node:assert';
import * as sinon from 'sinon';
import { DisposableStore, toDisposable } from '../../../../src/core/util/disposable';
import { Emitter, nextEvent } from '../../../../src/core/util/emitter';
import { MemoryLogger, nullLogger } from '../../../../src/core/util/logger';

describe('util', () => {
  describe('DisposableStore', () => {
    it('disposes in reverse order, once, and survives a throwing item', () => {
      const store = new DisposableStore();
      const log: string[] = [];
      store.add(toDisposable(() => log.push('a')));
      store.add({
        dispose: () => {
          throw new Error('boom');
        },
      });
      store.add(toDisposable(() => log.push('c')));
      store.dispose();
      store.dispose();
      assert.deepEqual(log, ['c', 'a']);
      assert.equal(store.isDisposed, true);
    });

    it('disposes anything added after it was disposed at once', () => {
      const store = new DisposableStore();
      store.dispose();
      const d = sinon.spy();
      store.add({ dispose: d });
      assert.equal(d.callCount, 1);
    });

    it('delete() removes an item without disposing it', () => {
      const store = new DisposableStore();
      const d = sinon.spy();
      const item = store.add({ dispose: d });
      store.delete(item);
      store.delete(item);
      store.dispose();
      assert.equal(d.callCount, 0);
    });

    it('toDisposable runs its function once', () => {
      const fn = sinon.spy();
      const d = toDisposable(fn);
      d.dispose();
      d.dispose();
      assert.equal(fn.callCount, 1);
    });
  });

  describe('Emitter', () => {
    it('delivers to every listener even when one throws, and reports the error', () => {
      const errors: unknown[] = [];
      const e = new Emitter<number>((err) => errors.push(err));
      const seen: number[] = [];
      e.event(() => {
        throw new Error('x');
      });
      const sub = e.event((n) => seen.push(n));
      assert.equal(e.hasListeners, true);
      e.fire(1);
      sub.dispose();
      e.fire(2);
      assert.deepEqual(seen, [1]);
      assert.equal(errors.length, 2);
    });

    it('ignores subscriptions after dispose', () => {
      const e = new Emitter<number>();
      e.dispose();
      const seen: number[] = [];
      e.event((n) => seen.push(n)).dispose();
      e.fire(1);
      assert.deepEqual(seen, []);
      assert.equal(e.hasListeners, false);
    });

    it('nextEvent resolves with the first matching event and unsubscribes', async () => {
      const e = new Emitter<number>();
      const p = nextEvent(e.event, (n) => n > 1, 1000);
      e.fire(1);
      e.fire(2);
      assert.equal(await p, 2);
      assert.equal(e.hasListeners, false);
    });

    it('nextEvent rejects after its timeout', async () => {
      const e = new Emitter<number>();
      await assert.rejects(nextEvent(e.event, undefined, 10), /timed out after 10 ms/);
      assert.equal(e.hasListeners, false);
    });
  });

  describe('loggers', () => {
    it('MemoryLogger keeps every level; nullLogger swallows', () => {
      const l = new MemoryLogger();
      l.trace('t');
      l.debug('d');
      l.info('i');
      l.warn('w');
      l.error(new Error('e'));
      l.error('e2');
      assert.deepEqual(l.lines.map((x) => `${x.level}:${x.message}`), ['trace:t', 'debug:d', 'info:i', 'warn:w', 'error:e', 'error:e2']);
      for (const fn of [nullLogger.trace, nullLogger.debug, nullLogger.info, nullLogger.warn, nullLogger.error]) assert.equal(fn('x'), undefined);
    });
  });
});
