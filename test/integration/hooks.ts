/**
 * Mocha root hooks for integration tests (loaded by .mocharc.integration.json).
 * - Every test: no sandbox process started during the test may outlive it. Leaks are SIGKILLed and the test fails.
 *   Then the fake APIs and sandboxes of `useFakeApiSandbox` are closed and removed (after the suite's own afterEach).
 * - End of run: any sandbox process still alive (e.g. started in a `before`) is killed and reported,
 *   fake APIs started through the harness are closed, and sandbox folders are removed.
 * - Timeout sanity: no test runs without a timeout or with one above AICODE_TEST_MAX_TIMEOUT_MS (default 120 s).
 */
import {
  cleanupAllSandboxes,
  closeAllFakeApis,
  describeProcesses,
  enableEndOfTestTeardown,
  findLeakedProcesses,
  killProcesses,
  runEndOfTestTeardown,
  snapshotProcesses,
  type ProcessSnapshot,
} from './harness';

export * from './harness';

enableEndOfTestTeardown();

const MAX_TEST_TIMEOUT_MS = Number(process.env.AICODE_TEST_MAX_TIMEOUT_MS) || 120_000;
/** Grace for processes to exit after a test ends (the CLI exits ~20–30 ms after stdin EOF or SIGINT; a loaded CI
 *  machine can take seconds). Costs nothing unless something really leaked. */
const LEAK_GRACE_MS = 10_000;

let before: ProcessSnapshot = new Set();

export const mochaHooks = {
  beforeEach(this: Mocha.Context): void {
    const test = this.currentTest;
    if (test && (test.timeout() === 0 || test.timeout() > MAX_TEST_TIMEOUT_MS)) test.timeout(MAX_TEST_TIMEOUT_MS);
    before = snapshotProcesses();
  },

  async afterEach(this: Mocha.Context): Promise<void> {
    const leaked = await findLeakedProcesses(before, { timeoutMs: LEAK_GRACE_MS });
    if (leaked.length) await killProcesses(leaked);
    const teardownError = await runEndOfTestTeardown().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (leaked.length === 0 && teardownError === undefined) return;
    const err = leaked.length
      ? new Error(`Test left ${leaked.length} sandbox process(es) running (now killed):\n${describeProcesses(leaked)}`)
      : new Error(`Test teardown failed: ${String(teardownError)}`);
    if (this.currentTest?.state === 'failed') {
      // Already failing: report without failing it twice.
      console.error(err.message);
      return;
    }
    // Fails the current test without aborting the rest of the suite (a throwing afterEach would).
    (this.test as Mocha.Hook).error(err);
  },

  async afterAll(): Promise<void> {
    const leaked = await findLeakedProcesses(new Set(), { timeoutMs: LEAK_GRACE_MS });
    if (leaked.length) await killProcesses(leaked);
    await runEndOfTestTeardown().catch(() => undefined);
    await closeAllFakeApis();
    await cleanupAllSandboxes();
    if (leaked.length) throw new Error(`Sandbox process(es) still running at the end of the run (now killed):\n${describeProcesses(leaked)}`);
  },
};
