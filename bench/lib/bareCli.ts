/**
 * The bare CLI, driven the way our core drives it (same flags as launchArgs.ts for a default config), without any of
 * our code in the path: the reference the core's numbers are compared with.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { spawnClaude, type ClaudeProcess, type CliMessage, type Sandbox } from '../../test/integration/harness';

export const nowMs = (): number => performance.timeOrigin + performance.now();

/** What buildLaunchArgs() produces for a default config and a new conversation (stream-json in and out, partials, stdio prompts). */
export function bareArgs(sessionId = randomUUID()): string[] {
  return ['-p', '--input-format=stream-json', '--output-format=stream-json', '--verbose', '--include-partial-messages', '--permission-prompt-tool=stdio', `--session-id=${sessionId}`];
}

export interface BareCli {
  proc: ClaudeProcess;
  sessionId: string;
  /** Sends a control_request and resolves with its control_response (rejects on error or timeout). */
  control(subtype: string, fields?: Record<string, unknown>, timeoutMs?: number): Promise<CliMessage>;
  /** Sends a user line; resolves with the time it was written. */
  sendUser(text: string): number;
  /** Resolves with the next `result` after `from` messages. */
  nextResult(from: number, timeoutMs?: number): Promise<CliMessage>;
  /** Ends stdin, then SIGKILL after `graceMs`; resolves when the process is gone. */
  close(graceMs?: number): Promise<void>;
}

let counter = 0;

export interface BareOptions {
  extraArgs?: string[];
  env?: Record<string, string | undefined>;
  /** Called for every stdout message, in order (after the harness parsed it). */
  onMessage?: (m: CliMessage, bare: BareCli) => void;
}

export function startBare(sandbox: Sandbox, options: BareOptions = {}): BareCli {
  const sessionId = randomUUID();
  const proc = spawnClaude(sandbox, [...bareArgs(sessionId), ...(options.extraArgs ?? [])], { env: options.env });
  let seen = 0;
  if (options.onMessage) {
    const onMessage = options.onMessage;
    // Registered after the harness's own listener, so the chunk's lines are already parsed.
    proc.child.stdout?.on('data', () => {
      while (seen < proc.messages.length) onMessage(proc.messages[seen++], bare);
    });
  }
  const bare: BareCli = {
    proc,
    sessionId,
    async control(subtype, fields = {}, timeoutMs = 20_000) {
      const id = `b${++counter}`;
      const from = proc.messages.length;
      proc.send({ type: 'control_request', request_id: id, request: { subtype, ...fields } });
      const resp = await proc.waitFor((m) => m.type === 'control_response' && (m.response as { request_id?: string })?.request_id === id, timeoutMs, from);
      const r = resp.response as { subtype: string; error?: string };
      if (r.subtype !== 'success') throw new Error(`${subtype}: ${r.error ?? 'error'}`);
      return resp;
    },
    sendUser(text) {
      const t = nowMs();
      proc.sendUser(text);
      return t;
    },
    nextResult(from, timeoutMs = 20_000) {
      return proc.waitFor((m) => m.type === 'result', timeoutMs, from);
    },
    async close(graceMs = 3000) {
      proc.closeStdin();
      const timer = setTimeout(() => void proc.kill('SIGKILL'), graceMs);
      await proc.exited;
      clearTimeout(timer);
    },
  };
  return bare;
}
