/**
 * A SessionManager wired to the real CLI the way src/extension.ts wires it (CLI environment resolved once and cached,
 * a null logger), in a test sandbox pointed at the fake API.
 */
import { resolveCliEnvironment, type CliEnvironment } from '../../src/core/session/cliEnvironment';
import { SessionManager, type ManagerSettings } from '../../src/core/session/sessionManager';
import { MemorySessionStore } from '../../src/core/session/sessionStore';
import type { FolderRef } from '../../src/core/session/sessionTypes';
import { nullLogger } from '../../src/core/util/logger';
import { claudeBinary, type Sandbox } from '../../test/integration/harness';

export interface Ours {
  manager: SessionManager;
  folder: FolderRef;
}

const cliCache = new Map<string, Promise<CliEnvironment>>();

export function makeOurs(sandbox: Sandbox, pool: Partial<ManagerSettings['pool']> = {}): Ours {
  const env = sandbox.env();
  const key = claudeBinary();
  let cli = cliCache.get(key);
  if (!cli) cliCache.set(key, (cli = resolveCliEnvironment(key, env)));
  const settings: ManagerSettings = {
    maxConcurrent: 8,
    // refillDelayMs: long, so a refill never starts inside a measured trial (the extension's default is 1.5 s).
    pool: { size: 0, idleTimeoutMs: 600_000, maxAgeMs: 3_600_000, refillDelayMs: 600_000, ...pool },
    resilience: { maxRetries: 0, breakerThreshold: 1000, breakerCooldownMs: 30_000, initialDelayMs: 50 },
  };
  const folder: FolderRef = { name: 'work', fsPath: sandbox.cwd };
  const resolved = cli;
  const manager = new SessionManager({
    launch: {
      cli: () => resolved,
      credential: async () => undefined,
      extraEnv: () => ({}),
      baseEnv: env,
      maxLineBytes: () => 32 * 1024 * 1024,
      stallMs: () => 300_000,
      logger: nullLogger,
    },
    settings: () => settings,
    configFor: () => ({}),
    store: new MemorySessionStore(),
    logger: nullLogger,
    home: sandbox.home,
  });
  return { manager, folder };
}

/** Waits until the pool holds `n` ready processes. */
export async function poolReady(ours: Ours, n = 1, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (ours.manager.pool.occupancy.ready < n) {
    if (Date.now() > deadline) throw new Error(`warm pool not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
