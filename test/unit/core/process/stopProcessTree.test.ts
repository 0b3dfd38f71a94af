import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { ProcessTree } from '../../../../src/core/process/processTree';
import { defaultStopTimings, stopProcessTree } from '../../../../src/core/process/stopProcessTree';
import { isAlive, waitFor } from '../testUtil';

/** An in-memory tree: `alive` pids, each dying on the signals listed for it. */
class FakeTree implements ProcessTree {
  readonly sent: string[] = [];
  constructor(
    readonly alive: Set<number>,
    private readonly diesOn: Record<number, NodeJS.Signals[]>,
  ) {}
  async find(): Promise<number[]> {
    return [...this.alive].sort();
  }
  signal(pids: readonly number[], signal: NodeJS.Signals): void {
    for (const pid of pids) {
      this.sent.push(`${pid}:${signal}`);
      if (this.diesOn[pid]?.includes(signal)) this.alive.delete(pid);
    }
  }
}

const timings = { graceMs: 100, termMs: 150, killMs: 300 };

describe('stopProcessTree', () => {
  it('sends nothing when the CLI exits within the grace period and nothing else carries the marker', async () => {
    const tree = new FakeTree(new Set(), {});
    let exited = false;
    const t0 = Date.now();
    await stopProcessTree({ pid: undefined, marker: 'm', tree, exited: new Promise<void>((r) => setTimeout(() => r(void (exited = true)), 20)), isExited: () => exited, timings });
    assert.deepEqual(tree.sent, []);
    assert.ok(Date.now() - t0 < timings.graceMs, 'does not wait out the grace period');
  });

  it('SIGTERMs survivors and stops there when they go', async () => {
    const tree = new FakeTree(new Set([7, 8]), { 7: ['SIGTERM'], 8: ['SIGTERM'] });
    await stopProcessTree({ pid: undefined, marker: 'm', tree, exited: Promise.resolve(), isExited: () => true, timings });
    assert.deepEqual(tree.sent, ['7:SIGTERM', '8:SIGTERM']);
  });

  it('escalates to SIGKILL for what ignores SIGTERM, after termMs, and is bounded', async () => {
    const tree = new FakeTree(new Set([7, 8]), { 7: ['SIGTERM'], 8: ['SIGKILL'] });
    const t0 = Date.now();
    await stopProcessTree({ pid: undefined, marker: 'm', tree, exited: Promise.resolve(), isExited: () => true, timings });
    const took = Date.now() - t0;
    assert.deepEqual(tree.sent, ['7:SIGTERM', '8:SIGTERM', '8:SIGKILL']);
    assert.ok(took >= timings.termMs - 10 && took < timings.termMs + 200, `took ${took} ms`);
  });

  it('gives up after killMs when something survives even SIGKILL (e.g. uninterruptible sleep)', async () => {
    const tree = new FakeTree(new Set([9]), {});
    const t0 = Date.now();
    await stopProcessTree({ pid: undefined, marker: 'm', tree, exited: Promise.resolve(), isExited: () => true, timings });
    const took = Date.now() - t0;
    assert.deepEqual(tree.sent, ['9:SIGTERM', '9:SIGKILL']);
    assert.ok(took < timings.termMs + timings.killMs + 200, `took ${took} ms`);
  });

  it('signals the CLI process group even when the marker finds nothing (e.g. no /proc)', async () => {
    // A detached sleep leads its own group, like the CLI spawned by CliProcess.
    const leader = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const exited = new Promise<void>((r) => leader.once('exit', () => r()));
    try {
      const tree = new FakeTree(new Set(), {});
      await stopProcessTree({ pid: leader.pid, marker: 'm', tree, exited, isExited: () => leader.exitCode !== null || leader.signalCode !== null, timings });
      await waitFor(() => !isAlive(leader.pid!), 'group leader gone', 1000);
      assert.equal(leader.signalCode, 'SIGTERM');
    } finally {
      leader.kill('SIGKILL');
    }
  });

  it('has bounded defaults', () => {
    const total = defaultStopTimings.graceMs + defaultStopTimings.termMs + defaultStopTimings.killMs;
    assert.ok(total <= 10_000, `${total} ms`);
  });
});
