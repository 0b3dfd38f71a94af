import { execFile } from 'node:child_process';

export interface CliVersion {
  major: number;
  minor: number;
  patch: number;
  raw: string;
}

/** The oldest CLI whose stream-json input, control protocol and stdio permission prompts we rely on. */
export const MINIMUM_VERSION: CliVersion = { major: 2, minor: 0, patch: 0, raw: '2.0.0' };
/** The version the test suite pins and the protocol notes were taken from. */
export const TESTED_VERSION = '2.1.197';

export function parseVersion(output: string): CliVersion | undefined {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), raw: `${m[1]}.${m[2]}.${m[3]}` };
}

export function compareVersions(a: CliVersion, b: CliVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export class UnsupportedVersionError extends Error {
  constructor(readonly found: string) {
    super(`Claude Code ${found} is too old: AICode Manager needs ${MINIMUM_VERSION.raw} or newer (tested with ${TESTED_VERSION}). Update it with \`claude update\` or \`npm i -g @anthropic-ai/claude-code\`.`);
    this.name = 'UnsupportedVersionError';
  }
}

/** The one place that decides which flags and protocol features a CLI version supports. */
export interface VersionFeatures {
  version: CliVersion;
  /** `--permission-prompt-tool stdio` (hidden flag): can_use_tool over the control protocol. */
  stdioPermissionPrompts: boolean;
  includePartialMessages: boolean;
  forkSession: boolean;
  /** `--resume-session-at` (hidden flag): resume a conversation up to a given entry. Seen in 2.1.x; not relied on before. */
  resumeSessionAt: boolean;
  /** set_model / set_permission_mode control requests. */
  liveModelAndMode: boolean;
  /** Control subtypes the host may send. */
  controlSubtypes: readonly string[];
}

export function featuresFor(version: CliVersion): VersionFeatures {
  if (compareVersions(version, MINIMUM_VERSION) < 0) throw new UnsupportedVersionError(version.raw);
  return {
    version,
    stdioPermissionPrompts: true,
    includePartialMessages: true,
    forkSession: true,
    resumeSessionAt: compareVersions(version, { major: 2, minor: 1, patch: 0, raw: '2.1.0' }) >= 0,
    liveModelAndMode: true,
    controlSubtypes: ['initialize', 'interrupt', 'set_permission_mode', 'set_model', 'set_max_thinking_tokens', 'mcp_status', 'get_context_usage', 'end_session'],
  };
}

export class VersionProbeError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'VersionProbeError';
  }
}

/** Runs `claude --version` (no shell, bounded in time) and parses it. */
export function probeVersion(binary: string, env: NodeJS.ProcessEnv, timeoutMs = 10_000): Promise<CliVersion> {
  return new Promise((resolve, reject) => {
    // SIGKILL on timeout: execFile waits for the child to exit, so a binary that ignores SIGTERM would hang the probe.
    execFile(binary, ['--version'], { env, timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true, maxBuffer: 64 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const e = err as NodeJS.ErrnoException & { killed?: boolean };
        if (e.killed) return reject(new VersionProbeError(`\`${binary} --version\` did not answer within ${timeoutMs} ms.`, 'ETIMEDOUT'));
        return reject(new VersionProbeError(`\`${binary} --version\` failed: ${e.message}${stderr ? ` (${String(stderr).trim()})` : ''}`, e.code));
      }
      const v = parseVersion(String(stdout));
      if (!v) return reject(new VersionProbeError(`Could not read a version from \`${binary} --version\`: ${String(stdout).slice(0, 200)}`));
      resolve(v);
    });
  });
}
