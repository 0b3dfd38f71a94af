import { strict as assert } from 'node:assert';
import * as sinon from 'sinon';
import { CliError, ErrorKind } from '../../../../src/core/errors/cliError';
import { BreakerState, countsTowardsBreaker, FolderPolicy, ResilienceSettings } from '../../../../src/core/resilience/folderPolicy';

const settings: ResilienceSettings = { maxRetries: 2, breakerThreshold: 3, breakerCooldownMs: 10_000, initialDelayMs: 100 };
const err = (kind: ErrorKind, message = `${kind} happened`): CliError => new CliError(kind, message);

describe('FolderPolicy', () => {
  let clock: sinon.SinonFakeTimers;
  let policy: FolderPolicy;
  let changes: BreakerState[];
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000 });
    policy = new FolderPolicy(settings);
    changes = [];
    policy.onBreakerChange((s) => changes.push(s));
  });
  afterEach(() => {
    policy.dispose();
    clock.restore();
  });

  /** record() reports to cockatiel asynchronously. */
  const settle = (): Promise<void> => clock.tickAsync(0).then(() => undefined);

  async function failTimes(n: number, kind: ErrorKind = 'serverError'): Promise<void> {
    for (let i = 0; i < n; i++) {
      policy.record(err(kind));
      await settle();
    }
  }

  describe('circuit breaker', () => {
    it('opens after breakerThreshold consecutive backend failures, and says so', async () => {
      await failTimes(2);
      assert.equal(policy.state, 'closed');
      assert.equal(policy.admit(), undefined);
      await failTimes(1);
      assert.equal(policy.state, 'open');
      assert.deepEqual(changes, ['open']);
    });

    it('refuses turns while open with breakerOpen, the last failure and a "Reset and Retry" next step', async () => {
      await failTimes(3, 'overloaded');
      const refused = policy.admit();
      assert.ok(refused);
      assert.equal(refused.kind, 'breakerOpen');
      assert.equal(refused.message, 'Paused after repeated failures in this folder; will try again in up to 10 s. Last error: overloaded happened');
      assert.deepEqual(refused.nextStep, { label: 'Reset and Retry', command: 'aicode.resetBreaker' });
      assert.equal(refused.transient, false, 'never retried automatically');
    });

    it('a success in between resets the count', async () => {
      await failTimes(2);
      policy.record(undefined);
      await settle();
      await failTimes(2);
      assert.equal(policy.state, 'closed');
    });

    it('does not count what says nothing about the backend (interrupt, max turns, denial, config), nor reset the count', async () => {
      await failTimes(2);
      for (const kind of ['interrupted', 'maxTurns', 'permissionDenied', 'config', 'budget', 'malformedStream'] as const) policy.record(err(kind));
      await settle();
      assert.equal(policy.state, 'closed');
      await failTimes(1);
      assert.equal(policy.state, 'open', 'the two earlier failures still counted');
    });

    it('admits again after the cooldown; the next outcome closes it (success) or opens it again (failure)', async () => {
      await failTimes(3);
      await clock.tickAsync(9_999);
      assert.equal(policy.admit()?.kind, 'breakerOpen');
      await clock.tickAsync(1);
      assert.equal(policy.admit(), undefined);
      policy.record(err('serverError'));
      await settle();
      assert.equal(policy.state, 'open');
      assert.equal(policy.admit()?.kind, 'breakerOpen', 'a new cooldown starts');
      await clock.tickAsync(10_000);
      policy.record(undefined);
      await settle();
      assert.equal(policy.state, 'closed');
      assert.deepEqual(changes, ['open', 'halfOpen', 'open', 'halfOpen', 'closed']);
    });

    it('reset() closes it at once and forgets the last failure', async () => {
      await failTimes(3);
      policy.reset();
      assert.equal(policy.state, 'closed');
      assert.equal(policy.admit(), undefined);
      assert.equal(policy.lastFailure, undefined);
      assert.deepEqual(changes, ['open', 'closed']);
      await failTimes(2);
      assert.equal(policy.state, 'closed', 'the count starts over');
    });
  });

  describe('execute (spawns)', () => {
    it('retries transient failures (EMFILE-like spawnFailed) with growing backoff, up to maxRetries', async () => {
      const calls: number[] = [];
      const run = policy.execute(async () => {
        calls.push(Date.now());
        if (calls.length < 3) throw err('spawnFailed');
        return 'spawned';
      });
      await clock.tickAsync(60_000);
      assert.equal(await run, 'spawned');
      assert.equal(calls.length, 3);
      assert.ok(calls[1] > calls[0] && calls[2] > calls[1], 'waited between attempts');
    });

    it('gives up after maxRetries and counts that one failure towards the breaker', async () => {
      let calls = 0;
      const run = policy.execute(async () => {
        calls++;
        throw err('spawnFailed');
      });
      const outcome = run.then(() => undefined, (e: CliError) => e);
      await clock.tickAsync(60_000);
      assert.equal((await outcome)?.kind, 'spawnFailed');
      assert.equal(calls, 1 + settings.maxRetries);
      await failTimes(1);
      assert.equal(policy.state, 'closed', '1 (spawn) + 1 < 3');
      await failTimes(1);
      assert.equal(policy.state, 'open');
    });

    it('does not retry what will not get better by itself (CLI not found)', async () => {
      let calls = 0;
      const outcome = policy
        .execute(async () => {
          calls++;
          throw err('cliNotFound');
        })
        .then(() => undefined, (e: CliError) => e);
      await clock.tickAsync(60_000);
      assert.equal((await outcome)?.kind, 'cliNotFound');
      assert.equal(calls, 1);
    });

    it('fails fast with breakerOpen while open, without running the spawn', async () => {
      await failTimes(3);
      let ran = false;
      const e = await policy
        .execute(async () => {
          ran = true;
        })
        .then(() => undefined, (x: CliError) => x);
      assert.equal(e?.kind, 'breakerOpen');
      assert.equal(ran, false);
    });

    it('a successful spawn does not close the breaker or reset its count (it says nothing about the backend)', async () => {
      await failTimes(2);
      await policy.execute(async () => 'spawned');
      await failTimes(1);
      assert.equal(policy.state, 'open');
    });
  });

  it('counts backend, binary and crash failures, not the person’s own stops', () => {
    const counted = (['auth', 'rateLimited', 'overloaded', 'serverError', 'network', 'crashed', 'spawnFailed', 'cliNotFound', 'cliNotExecutable'] as const).filter((k) => countsTowardsBreaker(err(k)));
    assert.equal(counted.length, 9);
    for (const k of ['interrupted', 'maxTurns', 'budget', 'permissionDenied', 'breakerOpen', 'stalled', 'oversizedLine', 'config', 'unknown'] as const) {
      assert.equal(countsTowardsBreaker(err(k)), false, k);
    }
  });
});
