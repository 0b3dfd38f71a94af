import { strict as assert } from 'node:assert';
import { ProcessState, ProcessStateMachine, StateChange } from '../../../../src/core/process/processState';

const ALL: ProcessState[] = ['starting', 'ready', 'busy', 'idle', 'stopping', 'exited', 'failed'];
const LEGAL: Record<ProcessState, ProcessState[]> = {
  starting: ['ready', 'busy', 'stopping', 'exited', 'failed'],
  ready: ['busy', 'stopping', 'exited', 'failed'],
  busy: ['idle', 'stopping', 'exited', 'failed'],
  idle: ['busy', 'stopping', 'exited', 'failed'],
  stopping: ['exited', 'failed'],
  exited: [],
  failed: [],
};

/** A machine driven into `state` through legal moves. */
function at(state: ProcessState): ProcessStateMachine {
  const m = new ProcessStateMachine();
  const path: Record<ProcessState, ProcessState[]> = { starting: [], ready: ['ready'], busy: ['busy'], idle: ['busy', 'idle'], stopping: ['stopping'], exited: ['exited'], failed: ['failed'] };
  for (const s of path[state]) assert.ok(m.moveTo(s));
  assert.equal(m.state, state);
  return m;
}

describe('ProcessStateMachine', () => {
  it('starts in starting', () => {
    const m = new ProcessStateMachine();
    assert.equal(m.state, 'starting');
    assert.equal(m.isTerminal, false);
  });

  for (const from of ALL) {
    it(`from ${from}: allows exactly ${LEGAL[from].join(', ') || 'nothing'}`, () => {
      for (const to of ALL) {
        const m = at(from);
        const changes: StateChange[] = [];
        m.onChange((c) => changes.push(c));
        const legal = LEGAL[from].includes(to);
        assert.equal(m.canMoveTo(to), legal, `${from} → ${to}`);
        assert.equal(m.moveTo(to, 'why'), legal, `${from} → ${to}`);
        assert.equal(m.state, legal ? to : from);
        assert.deepEqual(changes, legal ? [{ from, to, reason: 'why' }] : []);
      }
    });
  }

  it('a move to the current state is a no-op without an event', () => {
    const m = at('busy');
    let fired = 0;
    m.onChange(() => fired++);
    assert.equal(m.moveTo('busy'), false);
    assert.equal(fired, 0);
  });

  it('exited and failed are terminal', () => {
    assert.equal(at('exited').isTerminal, true);
    assert.equal(at('failed').isTerminal, true);
    assert.equal(at('stopping').isTerminal, false);
  });

  it('dispose() drops listeners', () => {
    const m = new ProcessStateMachine();
    let fired = 0;
    m.onChange(() => fired++);
    m.dispose();
    m.moveTo('busy');
    assert.equal(fired, 0);
  });
});
