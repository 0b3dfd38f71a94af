/**
 * A throw-away HOME + working folder for one CLI run, and the minimal environment the real CLI needs
 * to talk to the fake API. Every sandbox carries a unique marker variable so the leak checker can
 * find any process it spawned, even grandchildren reparented to PID 1 (protocol sheet §7).
 */
import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanSandboxProcesses } from './processes';
import { registerSandboxRoot, RUN_ID, sandboxRoots, SANDBOX_MARKER } from './registry';

export { RUN_ID, SANDBOX_MARKER, sandboxRoots } from './registry';

/** A base URL where nothing listens: a sandbox without a fake API must never reach a real endpoint. */
export const DEAD_API_URL = 'http://127.0.0.1:9';

export interface Sandbox {
  /** The marker value (`AICODE_TEST_SANDBOX=<id>`). */
  readonly id: string;
  /** The temp folder holding everything below. */
  readonly root: string;
  /** The CLI's `HOME` (its `~/.claude` lives here). */
  readonly home: string;
  /** The CLI's working directory (`<root>/work`). */
  readonly cwd: string;
  /** `ANTHROPIC_BASE_URL` used by `env()`; may be changed after creation. */
  apiUrl: string;
  /** The CLI environment; `extra` values override, `undefined` removes a variable. */
  env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  /**
   * Removes the folder. Waits first (up to `waitMs`, default 3000) for this sandbox's processes to exit,
   * since an exiting CLI still writes its transcript under HOME. Kills nothing: the leak checker must see leaks.
   */
  cleanup(opts?: { waitMs?: number }): Promise<void>;
}

export interface SandboxOptions {
  /** The fake API's URL (e.g. `api.url`). Default: a dead loopback port. */
  apiUrl?: string;
  /** A word for the folder name, e.g. the test's topic. */
  name?: string;
}

let counter = 0;

/** Removes every sandbox folder of this run, including ones a late process wrote into after cleanup (root `afterAll`). */
export async function cleanupAllSandboxes(): Promise<void> {
  await Promise.all(sandboxRoots().map((root) => rm(root, { recursive: true, force: true, maxRetries: 3 })));
}

async function waitForExit(id: string, root: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  const mine = (p: { sandboxId?: string; cwd?: string }): boolean => p.sandboxId === id || !!p.cwd?.startsWith(`${root}/`);
  while (Date.now() < deadline && scanSandboxProcesses().some(mine)) await new Promise((r) => setTimeout(r, 25));
}

export function makeSandbox(opts: SandboxOptions = {}): Sandbox {
  const id = `${RUN_ID}-${++counter}`;
  const safeName = (opts.name ?? 'sb').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 30);
  // realpath: /tmp may be a symlink, and the CLI reports (and escapes) the resolved cwd.
  const root = realpathSync(mkdtempSync(join(tmpdir(), `aicode-it-${safeName}-${id}-`)));
  const home = join(root, 'home');
  const cwd = join(root, 'work');
  const tmp = join(root, 'tmp');
  for (const d of [home, cwd, tmp]) mkdirSync(d, { recursive: true });

  const sandbox: Sandbox = {
    id,
    root,
    home,
    cwd,
    apiUrl: opts.apiUrl ?? DEAD_API_URL,
    env(extra = {}) {
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        HOME: home,
        TMPDIR: tmp,
        ANTHROPIC_BASE_URL: sandbox.apiUrl,
        ANTHROPIC_API_KEY: 'sk-test-fake',
        DISABLE_TELEMETRY: '1',
        DISABLE_ERROR_REPORTING: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        CLAUDE_CODE_MAX_RETRIES: '0',
        [SANDBOX_MARKER]: id,
      };
      for (const [k, v] of Object.entries(extra)) {
        if (v === undefined) delete env[k];
        else env[k] = v;
      }
      // Never inherited from the test runner (we build env from scratch), and never allowed through `extra`
      // for the marker: a process without it could leak unseen.
      env[SANDBOX_MARKER] = id;
      return env;
    },
    async cleanup({ waitMs = 3000 } = {}) {
      await waitForExit(id, root, waitMs);
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  registerSandboxRoot(root);
  return sandbox;
}
