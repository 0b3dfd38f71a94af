import { strict as assert } from 'node:assert';
import * as sinon from 'sinon';
import { RefreshBatch, RefreshScheduler } from '../../../src/vscode/tree/refreshScheduler';
import { SessionSubscriptions } from '../../../src/vscode/tree/sessionSubscriptions';
import { Emitter } from '../../../src/core/util/emitter';

describe('RefreshScheduler', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers()));
  afterEach(() => clock.restore());

  it('delivers the changed elements once per window, each once', () => {
    const batches: RefreshBatch<string>[] = [];
    const s = new RefreshScheduler<string>((b) => batches.push(b), 100);
    s.schedule('a');
    s.schedule('b');
    s.schedule('a');
    clock.tick(99);
    assert.deepEqual(batches, []);
    clock.tick(1);
    assert.deepEqual(batches, [['a', 'b']]);
    s.schedule('c');
    clock.tick(100);
    assert.deepEqual(batches, [['a', 'b'], ['c']]);
  });

  it('a whole-tree request swallows the element requests of the same window', () => {
    const batches: RefreshBatch<string>[] = [];
    const s = new RefreshScheduler<string>((b) => batches.push(b), 100);
    s.schedule('a');
    s.schedule();
    clock.tick(100);
    assert.deepEqual(batches, [undefined]);
  });

  it('delivers nothing after dispose', () => {
    const deliver = sinon.spy();
    const s = new RefreshScheduler<string>(deliver, 100);
    s.schedule('a');
    s.dispose();
    s.schedule('b');
    clock.tick(500);
    assert.equal(deliver.callCount, 0);
  });
});

describe('SessionSubscriptions', () => {
  it('attaches per-session listeners as sessions come and disposes them as they go', () => {
    const changed = new Emitter<void>();
    let list = [{ id: 'a' }];
    const disposed: string[] = [];
    const detached: string[] = [];
    const subs = new SessionSubscriptions(
      { list: () => list, onDidChangeSessions: changed.event },
      (s, store) => store.add({ dispose: () => disposed.push(s.id) }),
      (id) => detached.push(id),
    );
    list = [{ id: 'a' }, { id: 'b' }];
    changed.fire();
    list = [{ id: 'b' }];
    changed.fire();
    assert.deepEqual(disposed, ['a']);
    assert.deepEqual(detached, ['a']);
    subs.dispose();
    assert.deepEqual(disposed, ['a', 'b']);
    list = [{ id: 'c' }];
    changed.fire();
    assert.deepEqual(disposed, ['a', 'b'], 'no longer listening');
  });
});
