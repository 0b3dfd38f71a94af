/** Mocha helpers: a fresh fake API and sandbox per test, closed and removed after it. */
import { startFakeApi } from '../../fixtures/fakeApi';
import type { FakeApi, FakeApiOptions } from '../../fixtures/fakeApi';
import { makeSandbox, type Sandbox, type SandboxOptions } from './sandbox';

export interface TestEnv {
  /** The current test's fake API. */
  readonly api: FakeApi;
  /** The current test's sandbox, pointed at `api`. */
  readonly sandbox: Sandbox;
}

const openApis = new Set<FakeApi>();
const endOfTest: (() => Promise<void>)[] = [];
let rootHooksActive = false;

/** Called by test/integration/hooks.ts: from then on, per-test teardown runs from the root `afterEach`. */
export function enableEndOfTestTeardown(): void {
  rootHooksActive = true;
}

/**
 * Runs (newest first) the teardowns deferred to the end of the current test. The root `afterEach` calls it
 * after every suite-level `afterEach` (e.g. a session manager's shutdown) and after the leak check, so the fake
 * API is not closed under a CLI that is still shutting down, and HOME is not removed while it writes its transcript.
 */
export async function runEndOfTestTeardown(): Promise<void> {
  const errors: unknown[] = [];
  for (const fn of endOfTest.splice(0).reverse()) await fn().catch((e: unknown) => errors.push(e));
  if (errors.length) throw errors[0];
}

async function atEndOfTest(fn: () => Promise<void>): Promise<void> {
  if (rootHooksActive) endOfTest.push(fn);
  else await fn();
}

/** Closes every fake API started through these helpers and still open (root `afterAll`). */
export async function closeAllFakeApis(): Promise<void> {
  await Promise.all([...openApis].map((a) => a.close()));
  openApis.clear();
}

/** Starts a fake API that the root hooks close at the end of the run if the test forgot to. */
export async function startTrackedFakeApi(options?: FakeApiOptions): Promise<FakeApi> {
  const api = await startFakeApi(options);
  openApis.add(api);
  const close = api.close.bind(api);
  api.close = () => {
    openApis.delete(api);
    return close();
  };
  return api;
}

/**
 * Call inside `describe`: each test gets its own fake API and sandbox (`beforeEach`), closed and removed
 * at the end of the test, after the suite's own `afterEach` hooks (see `runEndOfTestTeardown`).
 * Usage: `const t = useFakeApiSandbox(); it('…', async () => { t.api.enqueue(…); … t.sandbox … })`.
 */
export function useFakeApiSandbox(options: { api?: FakeApiOptions; sandbox?: Omit<SandboxOptions, 'apiUrl'> } = {}): TestEnv {
  let api: FakeApi | undefined;
  let sandbox: Sandbox | undefined;
  beforeEach(async function () {
    api = await startTrackedFakeApi(options.api);
    sandbox = makeSandbox({ ...options.sandbox, name: options.sandbox?.name ?? this.currentTest?.title.slice(0, 30), apiUrl: api.url });
  });
  afterEach(async () => {
    const [a, s] = [api, sandbox];
    api = undefined;
    sandbox = undefined;
    await atEndOfTest(async () => {
      await a?.close();
      await s?.cleanup();
    });
  });
  return {
    get api(): FakeApi {
      if (!api) throw new Error('useFakeApiSandbox: api is only available inside a test');
      return api;
    },
    get sandbox(): Sandbox {
      if (!sandbox) throw new Error('useFakeApiSandbox: sandbox is only available inside a test');
      return sandbox;
    },
  };
}
