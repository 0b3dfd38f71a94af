import { ConfigError, isPermissionMode, isUuid, LaunchTarget, SessionConfig } from './sessionConfig';
import { VersionFeatures } from './versionAdapter';

// Flags we own: a user's extraArgs may not override the wire format or smuggle in a prompt.
const RESERVED = ['-p', '--print', '--input-format', '--output-format', '--verbose', '--permission-prompt-tool', '--include-partial-messages', '--resume', '--continue', '-c', '-r', '--fork-session', '--session-id', '--resume-session-at'];

/**
 * Builds the CLI's argument array. Every value is attached with `--flag=value`, so a value starting with `-` can never
 * be read as a flag. The array goes to spawn() as is: there is no shell anywhere.
 */
export function buildLaunchArgs(config: SessionConfig, target: LaunchTarget, features: VersionFeatures): string[] {
  const args = ['-p', '--input-format=stream-json', '--output-format=stream-json', '--verbose'];
  if (features.includePartialMessages) args.push('--include-partial-messages');
  if (features.stdioPermissionPrompts) args.push('--permission-prompt-tool=stdio');

  if (target.resume) {
    if (!isUuid(target.resume)) throw new ConfigError('resume', `Cannot resume "${target.resume}": a session id is a UUID.`);
    args.push(`--resume=${target.resume}`);
    if (target.fork) {
      if (!features.forkSession) throw new ConfigError('fork', `Claude Code ${features.version.raw} cannot fork sessions.`);
      args.push('--fork-session');
    }
    if (target.resumeAt) {
      if (!isUuid(target.resumeAt)) throw new ConfigError('resumeAt', `Cannot resume at "${target.resumeAt}": a transcript entry id is a UUID.`);
      // An older CLI resumes the whole conversation: a retried prompt then reaches the model twice, as it always did.
      if (features.resumeSessionAt) args.push(`--resume-session-at=${target.resumeAt}`);
    }
  } else if (target.resumeAt) {
    throw new ConfigError('resumeAt', 'A point to resume at needs a conversation to resume.');
  }
  if (target.sessionId) {
    if (!isUuid(target.sessionId)) throw new ConfigError('sessionId', `"${target.sessionId}" is not a UUID.`);
    if (target.resume && !target.fork) throw new ConfigError('sessionId', 'A session id can only be chosen for a new or forked conversation.');
    args.push(`--session-id=${target.sessionId}`);
  }

  const value = (flag: string, v: string | undefined) => {
    if (v !== undefined && v.trim() !== '') args.push(`${flag}=${v}`);
  };
  value('--model', config.model?.trim());
  value('--system-prompt', config.systemPrompt);
  value('--append-system-prompt', config.appendSystemPrompt);
  if (config.maxTurns !== undefined && config.maxTurns !== 0) {
    if (!Number.isInteger(config.maxTurns) || config.maxTurns < 0) throw new ConfigError('aicode.session.maxTurns', `maxTurns must be a whole number ≥ 0, not ${config.maxTurns}.`);
    args.push(`--max-turns=${config.maxTurns}`);
  }
  if (config.permissionMode !== undefined) {
    if (!isPermissionMode(config.permissionMode)) throw new ConfigError('aicode.session.permissionMode', `Unknown permission mode "${String(config.permissionMode)}".`);
    if (config.permissionMode !== 'default') args.push(`--permission-mode=${config.permissionMode}`);
  }
  // Variadic flags accumulate when repeated, which keeps patterns with spaces such as `Bash(npm test:*)` intact.
  for (const t of nonEmpty(config.allowedTools)) args.push(`--allowedTools=${t}`);
  for (const t of nonEmpty(config.disallowedTools)) args.push(`--disallowedTools=${t}`);
  for (const d of nonEmpty(config.additionalDirectories)) args.push(`--add-dir=${d}`);
  if (config.mcpConfig?.trim()) args.push(`--mcp-config=${validateMcpConfig(config.mcpConfig.trim())}`);

  for (const extra of config.extraArgs ?? []) {
    if (typeof extra !== 'string') throw new ConfigError('aicode.cli.extraArgs', 'aicode.cli.extraArgs must be a list of strings.');
    const flag = extra.split('=')[0];
    if (RESERVED.includes(flag)) throw new ConfigError('aicode.cli.extraArgs', `aicode.cli.extraArgs may not contain ${flag}: AICode Manager sets it itself.`);
    args.push(extra);
  }
  for (const arg of args) {
    // spawn() throws E2BIG (not a spawn error event) for an argument the kernel refuses: Linux caps each at 128 KiB.
    if (Buffer.byteLength(arg) >= MAX_ARG_BYTES) {
      const setting = SETTING_OF_FLAG[arg.split('=')[0]] ?? 'aicode.cli.extraArgs';
      throw new ConfigError(setting, `${setting} is too long to pass to the Claude CLI (${Buffer.byteLength(arg)} bytes; the limit is ${MAX_ARG_BYTES - 1}).`);
    }
  }
  return args;
}

const MAX_ARG_BYTES = 128 * 1024;
const SETTING_OF_FLAG: Record<string, string> = {
  '--model': 'aicode.session.model',
  '--system-prompt': 'aicode.session.systemPrompt',
  '--append-system-prompt': 'aicode.session.appendSystemPrompt',
  '--allowedTools': 'aicode.session.allowedTools',
  '--disallowedTools': 'aicode.session.disallowedTools',
  '--add-dir': 'aicode.session.additionalDirectories',
  '--mcp-config': 'aicode.session.mcpConfig',
};

function nonEmpty(list: readonly string[] | undefined): string[] {
  return (list ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * The CLI treats any --mcp-config string it cannot parse as a file path and exits 1 before printing anything, so
 * inline JSON is checked here for a clear error. A path is passed through (the CLI reports a missing file itself).
 */
export function validateMcpConfig(value: string): string {
  if (!value.startsWith('{')) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new ConfigError('aicode.session.mcpConfig', `aicode.session.mcpConfig is not valid JSON: ${(err as Error).message}`);
  }
  const servers = (parsed as { mcpServers?: unknown }).mcpServers;
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    throw new ConfigError('aicode.session.mcpConfig', 'aicode.session.mcpConfig must have an "mcpServers" object.');
  }
  return JSON.stringify(parsed);
}
