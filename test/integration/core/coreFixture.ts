/**
 * The core's process layer driven against the REAL claude CLI and the fake API: args from buildLaunchArgs, env from
 * buildChildEnv (base = the sandbox env), a CliProcess per test, all stopped after it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PermissionDecision, PermissionRequest } from '../../../src/core/control/permissions';
import { buildChildEnv, Credential } from '../../../src/core/process/childEnv';
import { CliProcess, StreamProblem } from '../../../src/core/process/cliProcess';
import { buildLaunchArgs } from '../../../src/core/process/launchArgs';
import { LinuxProcessTree } from '../../../src/core/process/processTree';
import { LaunchTarget, SessionConfig } from '../../../src/core/process/sessionConfig';
import { featuresFor, probeVersion, VersionFeatures } from '../../../src/core/process/versionAdapter';
import { CliMessage, ResultMessage } from '../../../src/core/stream/cliMessages';
import { MemoryLogger } from '../../../src/core/util/logger';
import { claudeBinary, type Sandbox } from '../harness';

export const API_KEY = 'sk-test-core-credential';

let features: Promise<VersionFeatures> | undefined;
/** Probes the real binary once per run (also exercising probeVersion against it). */
export function realFeatures(sandbox: Sandbox): Promise<VersionFeatures> {
  features ??= probeVersion(claudeBinary(), sandbox.env(), 15_000).then(featuresFor);
  return features;
}

export interface RunningCli {
  proc: CliProcess;
  marker: string;
  messages: CliMessage[];
  problems: StreamProblem[];
  logger: MemoryLogger;
  asked: PermissionRequest[];
  /** Resolves with the `nth` (1-based) result line. */
  result(nth?: number, timeoutMs?: number): Promise<ResultMessage>;
  waitFor(pred: (m: CliMessage) => boolean, what: string, timeoutMs?: number): Promise<CliMessage>;
}

export interface StartOptions {
  config?: SessionConfig;
  target?: LaunchTarget;
  credential?: Credential;
  decide?: (req: PermissionRequest, signal: AbortSignal) => PermissionDecision | Promise<PermissionDecision>;
  /** How long stop() waits for the CLI to exit by itself before SIGTERM. Tests that check the CLI exits without a
   *  signal give it long enough that a loaded machine cannot turn the check into a race. */
  graceMs?: number;
}

/** Tracks every CLI a test started; `stopAll()` in afterEach. */
export class CliTracker {
  private readonly running: RunningCli[] = [];

  async start(sandbox: Sandbox, options: StartOptions = {}): Promise<RunningCli> {
    const f = await realFeatures(sandbox);
    const marker = `it-core-${randomUUID()}`;
    const logger = new MemoryLogger();
    const proc = new CliProcess({
      binary: claudeBinary(),
      args: buildLaunchArgs(options.config ?? {}, options.target ?? {}, f),
      cwd: sandbox.cwd,
      // The key travels only as the credential; the sandbox's own key is removed from the base.
      env: buildChildEnv({ base: sandbox.env({ ANTHROPIC_API_KEY: undefined }), credential: options.credential ?? { kind: 'apiKey', value: API_KEY }, marker }),
      marker,
      maxLineBytes: 32 * 1024 * 1024,
      stallMs: 120_000,
      logger,
      stopTimings: { graceMs: options.graceMs ?? 1500, termMs: 1500, killMs: 2000 },
    });
    const messages: CliMessage[] = [];
    const problems: StreamProblem[] = [];
    const asked: PermissionRequest[] = [];
    proc.router.onAny((m) => void messages.push(m));
    proc.onStreamProblem((p) => problems.push(p));
    const decide = options.decide;
    if (decide) {
      proc.control.setDecider(async (req, signal) => {
        asked.push(req);
        return decide(req, signal);
      });
    } else {
      proc.control.onPermissionRequest((req) => asked.push(req));
    }
    const waitFor = (pred: (m: CliMessage) => boolean, what: string, timeoutMs = 20_000) =>
      new Promise<CliMessage>((resolve, reject) => {
        const found = messages.find(pred);
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          sub.dispose();
          exitSub.dispose();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${proc.stderrTail.slice(-500)}`));
        }, timeoutMs);
        const sub = proc.router.onAny((m) => {
          if (!pred(m)) return;
          clearTimeout(timer);
          sub.dispose();
          exitSub.dispose();
          resolve(m);
        });
        const exitSub = proc.onExit((e) => {
          clearTimeout(timer);
          sub.dispose();
          exitSub.dispose();
          reject(new Error(`the CLI exited (${JSON.stringify({ ...e, stderrTail: e.stderrTail.slice(-500) })}) while waiting for ${what}`));
        });
      });
    const result = async (nth = 1, timeoutMs = 20_000) =>
      (await waitFor((m) => m.type === 'result' && messages.filter((x) => x.type === 'result').indexOf(m) === nth - 1, `result #${nth}`, timeoutMs)) as ResultMessage;
    const running: RunningCli = { proc, marker, messages, problems, logger, asked, result, waitFor };
    this.running.push(running);
    return running;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((r) => r.proc.stop('test cleanup')));
  }
}

/** The live processes of a run whose command line starts with `name`, found by the run's marker. */
export async function processesNamed(marker: string, name: string): Promise<number[]> {
  const pids = await new LinuxProcessTree().find(marker);
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === name;
    } catch {
      return false;
    }
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** The text of the tool_result blocks on `user` lines, by tool_use_id. */
export function toolResults(messages: CliMessage[]): { id: string; content: string; isError: boolean }[] {
  const out: { id: string; content: string; isError: boolean }[] = [];
  for (const m of messages) {
    if (m.type !== 'user' || !Array.isArray(m.message.content)) continue;
    for (const b of m.message.content) {
      if (b.type !== 'tool_result') continue;
      const content = typeof b.content === 'string' ? b.content : Array.isArray(b.content) ? (b.content as { text?: string }[]).map((c) => c.text ?? '').join('') : '';
      out.push({ id: String(b.tool_use_id), content, isError: b.is_error === true });
    }
  }
  return out;
}
