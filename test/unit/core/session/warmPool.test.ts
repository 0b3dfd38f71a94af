// The warm pool as the manager drives it: real fake-CLI processes, a clock we move by hand for the sweeps.
import { strict as assert } from 'node:assert';
import { PoolSettings } from '../../../../src/core/session/warmPool';
import { isAlive, waitFor } from '../testUtil';
import { Harness, makeHarness, removeHarnessRoot, shutdownHarnesses } from './harness';

describe('WarmPool (through SessionManager, against the fake CLI)', function () {
  this.timeout(10_000);
  let clock: number;
  const pool = (p: Partial<PoolSettings>): Harness => {
    clock = 1_000_000;
    return makeHarness({ settings: { pool: { size: 1, idleTimeoutMs: 600_000, maxAgeMs: 3_600_000, refillDelayMs: 10, ...p } }, now: () => clock });
  };
  const ready = (h: Harness, n: number) => waitFor(() => h.manager.pool.occupancy.ready === n && h.manager.pool.occupancy.starting === 0, `${n} warm process(es)`);
  const warmPids = (h: Harness) => h.manager.pool.processes().map((p) => p.pid!);

  afterEach(() => shutdownHarnesses());
  after(() => removeHarnessRoot());

  it('a new session takes the warm process (no cold spawn), and the pool refills', async () => {
    const h = pool({});
    h.manager.warm(h.folder);
    await ready(h, 1);
    const [warmPid] = warmPids(h);
    assert.equal(h.manager.metrics.spawnMs.count, 1, 'warm-up time recorded');
    const s = h.manager.create({ folder: h.folder });
    const r = await s.send('hi');
    assert.equal(r.text, 'echo: hi');
    assert.equal(s.info.pid, warmPid);
    assert.equal(s.info.cliSessionId, r.sessionId, 'the conversation the warm process was started with');
    assert.equal(h.manager.pool.hits, 1);
    assert.equal(h.manager.pool.misses, 0);
    assert.equal(h.manager.metrics.spawns, 0);
    assert.equal(h.manager.metrics.warmTakeMs.count, 1);
    await ready(h, 1);
    assert.notDeepEqual(warmPids(h), [warmPid], 'refilled with a new process');
    assert.equal(h.manager.pool.spawnedTotal, 2);
    assert.deepEqual(h.manager.pool.occupancy, { ready: 1, starting: 0, capacity: 1, keys: 1 });

    // A resumed conversation never takes a warm process (it needs --resume).
    await s.park();
    await s.send('again');
    assert.equal(h.manager.pool.hits, 1);
    assert.equal(h.manager.metrics.spawns, 1);
  });

  it('a session with another config misses the pool and spawns cold', async () => {
    const h = pool({});
    h.manager.warm(h.folder);
    await ready(h, 1);
    const [warmPid] = warmPids(h);
    const s = h.manager.create({ folder: h.folder, overrides: { model: 'other' } });
    await s.send('hi');
    assert.notEqual(s.info.pid, warmPid);
    assert.equal(h.manager.pool.misses, 1);
    assert.equal(h.manager.metrics.spawns, 1);
    assert.deepEqual(warmPids(h), [warmPid], 'the warm process is still there for its config');
  });

  it('does nothing with pool size 0', async () => {
    const h = pool({ size: 0 });
    h.manager.warm(h.folder);
    assert.deepEqual(h.manager.pool.occupancy, { ready: 0, starting: 0, capacity: 0, keys: 0 });
    assert.equal(h.children.length, 0);
  });

  it('configChanged stops the warm processes', async () => {
    const h = pool({});
    h.manager.warm(h.folder);
    await ready(h, 1);
    const [pid] = warmPids(h);
    h.manager.configChanged();
    assert.equal(h.manager.pool.occupancy.keys, 0);
    await waitFor(() => !isAlive(pid), 'the warm process to stop');
    assert.equal(h.manager.pool.spawnedTotal, 1, 'not refilled');
  });

  it('sweep retires processes idle longer than idleTimeoutMs and does not refill', async () => {
    const h = pool({ idleTimeoutMs: 1000 });
    h.manager.warm(h.folder);
    await ready(h, 1);
    const [pid] = warmPids(h);
    clock += 500;
    h.manager.pool.sweep();
    assert.deepEqual(warmPids(h), [pid], 'not yet');
    clock += 1000;
    h.manager.pool.sweep();
    await waitFor(() => !isAlive(pid), 'the idle process to stop');
    assert.deepEqual(h.manager.pool.occupancy, { ready: 0, starting: 0, capacity: 0, keys: 0 });
    assert.equal(h.manager.pool.spawnedTotal, 1);
  });

  it('sweep replaces processes older than maxAgeMs', async () => {
    const h = pool({ idleTimeoutMs: 0, maxAgeMs: 1000 });
    h.manager.warm(h.folder);
    await ready(h, 1);
    const [pid] = warmPids(h);
    clock += 1500;
    h.manager.pool.sweep();
    await waitFor(() => !isAlive(pid), 'the old process to stop');
    await ready(h, 1);
    assert.notDeepEqual(warmPids(h), [pid]);
    assert.equal(h.manager.pool.spawnedTotal, 2);
  });

  it('sweep trims the pool to a lowered size', async () => {
    const h = pool({ size: 2 });
    h.manager.warm(h.folder);
    await ready(h, 2);
    const pids = warmPids(h);
    h.settings.pool.size = 1;
    h.manager.pool.sweep();
    assert.deepEqual(warmPids(h), [pids[0]]);
    await waitFor(() => !isAlive(pids[1]), 'the extra process to stop');
    assert.equal(h.manager.pool.occupancy.capacity, 1);
  });

  it('a warm process that dies leaves the pool, and the sweep refills it', async () => {
    const h = pool({});
    h.manager.warm(h.folder);
    await ready(h, 1);
    const [pid] = warmPids(h);
    process.kill(pid, 'SIGKILL');
    await waitFor(() => h.manager.pool.occupancy.ready === 0, 'the dead process to leave the pool');
    h.manager.pool.sweep();
    await ready(h, 1);
    assert.notDeepEqual(warmPids(h), [pid]);
  });

  it('a sweep while a refill is starting keeps the pool', async () => {
    const h = pool({ refillDelayMs: 0 });
    h.manager.warm(h.folder);
    await ready(h, 1);
    const s = h.manager.create({ folder: h.folder });
    await s.send('take it');
    await waitFor(() => h.manager.pool.occupancy.starting === 1, 'the refill to start');
    h.manager.pool.sweep();
    await ready(h, 1);
    assert.equal(h.manager.pool.occupancy.keys, 1);
  });

  it('shutdown stops warm processes and starts no more', async () => {
    const h = pool({});
    h.manager.warm(h.folder);
    await ready(h, 1);
    const [pid] = warmPids(h);
    await h.manager.shutdown();
    assert.ok(!isAlive(pid));
    h.manager.warm(h.folder);
    assert.equal(h.manager.pool.occupancy.keys, 0);
  });
});
