import { MemoryLogger } from '../../../src/core/util/logger';
import { resolveCliEnvironment } from '../../../src/core/session/cliEnvironment';
import { ManagerSettings, SessionManager } from '../../../src/core/session/sessionManager';
import { MemorySessionStore } from '../../../src/core/session/sessionStore';
import { SessionConfig } from '../../../src/core/process/sessionConfig';
import { FolderRef } from '../../../src/core/session/sessionTypes';
import { claudeBinary, Sandbox } from '../harness';

export interface ManagerFixture {
  manager: SessionManager;
  store: MemorySessionStore;
  logger: MemoryLogger;
  folder: FolderRef;
}

/** A SessionManager wired to the real CLI in a sandbox (its HOME, cwd and fake API), as the extension wires it. */
export function makeManager(sandbox: Sandbox, options: { settings?: Partial<ManagerSettings>; config?: SessionConfig; store?: MemorySessionStore; env?: Record<string, string | undefined> } = {}): ManagerFixture {
  const logger = new MemoryLogger();
  const store = options.store ?? new MemorySessionStore();
  const env = sandbox.env(options.env);
  const settings: ManagerSettings = {
    maxConcurrent: 8,
    pool: { size: 0, idleTimeoutMs: 600_000, maxAgeMs: 3_600_000, refillDelayMs: 50 },
    resilience: { maxRetries: 1, breakerThreshold: 5, breakerCooldownMs: 30_000, initialDelayMs: 50 },
    ...options.settings,
  };
  const folder: FolderRef = { name: 'work', fsPath: sandbox.cwd };
  const manager = new SessionManager({
    launch: {
      cli: () => resolveCliEnvironment(claudeBinary(), env),
      credential: async () => undefined,
      extraEnv: () => ({}),
      baseEnv: env,
      maxLineBytes: () => 32 * 1024 * 1024,
      stallMs: () => 120_000,
      logger,
    },
    settings: () => settings,
    configFor: () => ({ ...options.config }),
    store,
    logger,
    home: sandbox.home,
  });
  return { manager, store, logger, folder };
}
