// A real SessionManager (and through it real Sessions and CliProcesses) wired to the fake CLI
// (test/fixtures/fakeCli). Only the edges are ours: the binary (a wrapper script), its environment, the store,
// the logger, the clock, and a spawner that records every child so a test can prove none outlived it.
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { featuresFor, parseVersion } from '../../../../src/core/process/versionAdapter';
import { SessionConfig } from '../../../../src/core/process/sessionConfig';
import { CliEnvironment } from '../../../../src/core/session/cliEnvironment';
import { ManagerSettings, SessionManager } from '../../../../src/core/session/sessionManager';
import { MemorySessionStore, SessionStore } from '../../../../src/core/session/sessionStore';
import { FolderRef } from '../../../../src/core/session/sessionTypes';
import { CliMessage } from '../../../../src/core/stream/cliMessages';
import { MemoryLogger } from '../../../../src/core/util/logger';
import { fakeCliLaunch, FakeCliOptions, FakeCliScenario } from '../../../fixtures/fakeCli';
import { isAlive, waitFor } from '../testUtil';

export interface HarnessOptions {
  scenario?: FakeCliScenario;
  fake?: FakeCliOptions;
  settings?: Partial<ManagerSettings>;
  config?: SessionConfig;
  store?: SessionStore;
  stallMs?: number;
  maxLineBytes?: number;
  now?: () => number;
  /** Instead of the fake CLI: another binary path, or a failure to find one. */
  cli?: () => Promise<CliEnvironment>;
}

export interface Harness {
  manager: SessionManager;
  store: SessionStore;
  logger: MemoryLogger;
  folder: FolderRef;
  /** The CLI's HOME: transcripts live under home/.claude/projects. */
  home: string;
  /** Live settings: a test may change them between calls (the manager reads them each time). */
  settings: ManagerSettings;
  /** Every fake CLI process this manager spawned, in order. */
  children: ChildProcess[];
}

let root: string | undefined;
let wrapper: string | undefined;
const harnesses: Harness[] = [];

/** An executable that runs the fake CLI with node, as `aicode.cli.path` would point at `claude`. */
function fakeClaude(): string {
  if (wrapper) return wrapper;
  root = mkdtempSync(join(tmpdir(), 'aicode-session-unit-'));
  wrapper = join(root, 'claude');
  const launch = fakeCliLaunch('text');
  const quoted = [launch.binary, ...launch.args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  writeFileSync(wrapper, `#!/bin/sh\nexec ${quoted} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

export function makeHarness(options: HarnessOptions = {}): Harness {
  const binary = fakeClaude();
  const dir = mkdtempSync(join(root!, 'h-'));
  const home = join(dir, 'home');
  const cwd = join(dir, 'work');
  mkdirSync(home);
  mkdirSync(cwd);
  const logger = new MemoryLogger();
  const store = options.store ?? new MemorySessionStore();
  const settings: ManagerSettings = {
    maxConcurrent: 8,
    pool: { size: 0, idleTimeoutMs: 600_000, maxAgeMs: 3_600_000, refillDelayMs: 20 },
    resilience: { maxRetries: 1, breakerThreshold: 5, breakerCooldownMs: 30_000, initialDelayMs: 20 },
    ...options.settings,
  };
  const children: ChildProcess[] = [];
  const folder: FolderRef = { name: 'work', fsPath: cwd };
  const manager = new SessionManager({
    launch: {
      cli: options.cli ?? (async () => ({ binary, source: 'setting', features: featuresFor(parseVersion('2.1.197')!) })),
      credential: async () => undefined,
      extraEnv: () => ({}),
      baseEnv: { PATH: process.env.PATH, HOME: home, ...fakeCliLaunch(options.scenario ?? 'scripted', options.fake).env },
      maxLineBytes: () => options.maxLineBytes ?? 1 << 20,
      stallMs: () => options.stallMs ?? 60_000,
      logger,
      spawner: (command, args, spawnOptions) => {
        const child = spawn(command, args, spawnOptions);
        children.push(child);
        return child;
      },
    },
    settings: () => settings,
    configFor: () => ({ ...options.config }),
    store,
    logger,
    home,
    now: options.now,
  });
  const h: Harness = { manager, store, logger, folder, home, settings, children };
  harnesses.push(h);
  return h;
}

/** For afterEach: shuts every manager down and fails if any fake CLI process is still alive afterwards. */
export async function shutdownHarnesses(): Promise<void> {
  const done = harnesses.splice(0);
  await Promise.all(done.map((h) => h.manager.shutdown()));
  const pids = done.flatMap((h) => h.children.map((c) => c.pid!)).filter((pid) => pid !== undefined);
  await waitFor(() => pids.every((pid) => !isAlive(pid)), `every fake CLI to exit (alive: ${pids.filter(isAlive).join(', ')})`, 3000);
}

export function removeHarnessRoot(): void {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
  wrapper = undefined;
}

/** The arguments the fake CLI reported in its latest system/init (it lists them as fake_argv). */
export function lastArgv(messages: readonly CliMessage[]): string[] {
  const inits = messages.filter((m) => m.type === 'system' && m.subtype === 'init');
  return ((inits[inits.length - 1] as { fake_argv?: string[] } | undefined)?.fake_argv ?? []) as string[];
}
