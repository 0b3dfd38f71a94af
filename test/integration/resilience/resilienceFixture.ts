// The fault-injection suite's SessionManager: the real CLI in a sandbox, as test/integration/session/managerFixture.ts
// wires it, plus the knobs the rows need (a small stall threshold, the line limit, a binary that can vanish or be
// swapped for the injecting wrapper) and the checks every row repeats.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transcriptPath } from '../../../src/core/history/transcripts';
import { CliEnvironment, resolveCliEnvironment } from '../../../src/core/session/cliEnvironment';
import { Session } from '../../../src/core/session/session';
import { ManagerSettings, SessionManager } from '../../../src/core/session/sessionManager';
import { MemorySessionStore } from '../../../src/core/session/sessionStore';
import { FolderRef } from '../../../src/core/session/sessionTypes';
import { SessionConfig } from '../../../src/core/process/sessionConfig';
import { ResilienceSettings } from '../../../src/core/resilience/folderPolicy';
import { TranscriptReducer } from '../../../src/core/transcript/transcriptReducer';
import { MemoryLogger } from '../../../src/core/util/logger';
import { RecordedRequest, userTexts } from '../../fixtures/fakeApi';
import { claudeBinary, REPO_ROOT, Sandbox } from '../harness';

/** aicode.stream.maxLineBytes' default (package.json). */
export const DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;

export const INJECTING_CLAUDE = join(REPO_ROOT, 'test', 'fixtures', 'injectingClaude', 'injectingClaude.js');

export interface ResilienceOptions {
  settings?: Partial<Omit<ManagerSettings, 'resilience'>>;
  resilience?: Partial<ResilienceSettings>;
  config?: SessionConfig;
  env?: Record<string, string | undefined>;
  stallMs?: number;
  maxLineBytes?: number;
  /**
   * How the CLI is found for each spawn. Default: the pinned CLI, probed once. `resolve(path)` goes through
   * resolveCliEnvironment each time, as the extension does for `aicode.cli.path`.
   */
  cli?: () => Promise<CliEnvironment>;
}

export interface ResilienceFixture {
  manager: SessionManager;
  logger: MemoryLogger;
  folder: FolderRef;
  settings: ManagerSettings;
}

let probed: Promise<CliEnvironment> | undefined;
/** The pinned CLI's environment (its `--version` probed once per run). */
export function realCli(): Promise<CliEnvironment> {
  probed ??= resolveCliEnvironment(claudeBinary(), { PATH: process.env.PATH });
  return probed;
}

/** The pinned CLI's features with another executable in its place (a symlink, the injecting wrapper). */
export function cliAt(binary: () => string): () => Promise<CliEnvironment> {
  return async () => ({ ...(await realCli()), binary: binary() });
}

export function makeResilienceManager(sandbox: Sandbox, options: ResilienceOptions = {}): ResilienceFixture {
  const logger = new MemoryLogger();
  const env = sandbox.env(options.env);
  const settings: ManagerSettings = {
    maxConcurrent: 8,
    pool: { size: 0, idleTimeoutMs: 600_000, maxAgeMs: 3_600_000, refillDelayMs: 50 },
    ...options.settings,
    // A high threshold unless a row is about the breaker: other rows fail on purpose and must not trip it.
    resilience: { maxRetries: 1, breakerThreshold: 100, breakerCooldownMs: 30_000, initialDelayMs: 50, ...options.resilience },
  };
  const folder: FolderRef = { name: 'work', fsPath: sandbox.cwd };
  const manager = new SessionManager({
    launch: {
      cli: options.cli ?? realCli,
      credential: async () => undefined,
      extraEnv: () => ({}),
      baseEnv: env,
      maxLineBytes: () => options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
      stallMs: () => options.stallMs ?? 120_000,
      logger,
    },
    settings: () => settings,
    configFor: () => ({ ...options.config }),
    store: new MemorySessionStore(),
    logger,
    home: sandbox.home,
  });
  return { manager, logger, folder, settings };
}

/** Resolves with the rejection of `p` (fails if it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<Error & { kind?: string; nextStep?: { label: string; command: string } }> {
  try {
    const v = await p;
    assert.fail(`expected a rejection, got ${JSON.stringify(v)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    return err as Error & { kind?: string };
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * (c) nothing lost: the prompts the API saw in `req` contain `expected`, in order. (The CLI merges consecutive user
 * messages, e.g. a prompt whose turn failed and the next one, into one message joined with "\n".)
 */
export function assertApiSaw(req: RecordedRequest | undefined, expected: readonly string[]): void {
  assert.ok(req, 'the API got the request');
  const seen = userTexts(req.body).join('\n');
  let at = 0;
  for (const text of expected) {
    const i = seen.indexOf(text, at);
    assert.ok(i >= 0, `the API request carries "${text}" (in order); it saw ${JSON.stringify(seen)}`);
    at = i + text.length;
    // A retried prompt is sent from before its failed attempt: the model sees it once, not once per attempt.
    assert.equal(seen.split(text).length - 1, 1, `the API request carries "${text}" once; it saw ${JSON.stringify(seen)}`);
  }
}

/** (c) nothing lost: the CLI's transcript file has a user line for each prompt (waits briefly: it writes after the result). */
export async function assertTranscriptHas(sandbox: Sandbox, cliSessionId: string | undefined, prompts: readonly string[]): Promise<void> {
  assert.ok(cliSessionId, 'the session knows its conversation id');
  const file = transcriptPath(sandbox.cwd, cliSessionId, sandbox.home);
  const missing = (): string[] => {
    const raw = existsSync(file) ? readFileSync(file, 'utf8') : '';
    return prompts.filter((p) => !raw.includes(JSON.stringify(p).slice(1, -1)));
  };
  const deadline = Date.now() + 3000;
  while (missing().length > 0 && Date.now() < deadline) await sleep(50);
  assert.deepEqual(missing(), [], `transcript ${file} has every prompt`);
}

/**
 * Nothing shown twice: the chat built from the session's messages (the real reducer) shows each prompt once and each
 * of `answers` exactly once.
 */
export function assertShownOnce(session: Session, prompts: readonly string[], answers: readonly string[]): void {
  const reducer = new TranscriptReducer();
  reducer.applyAll(session.messages());
  const items = reducer.items();
  const userTextsShown = items.filter((i) => i.kind === 'user').map((i) => (i as { text: string }).text);
  for (const p of prompts) assert.equal(userTextsShown.filter((t) => t === p).length, 1, `prompt "${p}" shown once; shown: ${JSON.stringify(userTextsShown)}`);
  const assistantShown = items.filter((i) => i.kind === 'assistant').map((i) => (i as { text: string }).text);
  for (const a of answers) assert.equal(assistantShown.filter((t) => t === a).length, 1, `answer "${a}" shown once; shown: ${JSON.stringify(assistantShown)}`);
}

/** The fields a person sees for a failure: state, kind, message and the button. */
export function visible(session: Session): { state: string; kind?: string; message?: string; action?: string } {
  const i = session.info;
  return { state: i.state, kind: i.lastError?.kind, message: i.lastError?.message, action: i.lastError?.action?.label };
}

/**
 * The last failure a person saw while it happened. A turn that later goes through clears the banner, so rows that
 * end in success check what was shown on the way (and that it was cleared) rather than the final state.
 */
export function watchErrors(session: Session): { last(): { kind?: string; message?: string; action?: string } } {
  let last: { kind?: string; message?: string; action?: string } = {};
  session.onInfoChange((i) => {
    if (i.lastError) last = { kind: i.lastError.kind, message: i.lastError.message, action: i.lastError.action?.label };
  });
  return { last: () => last };
}

/** Every state the session passed through, as `state: reason`. */
export function stateLog(session: Session): string[] {
  const log: string[] = [];
  session.onInfoChange((i) => {
    const entry = `${i.state}: ${i.stateReason ?? ''}`;
    if (log.at(-1) !== entry) log.push(entry);
  });
  return log;
}
