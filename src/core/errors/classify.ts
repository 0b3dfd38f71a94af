import type { StreamProblem } from '../process/cliProcess';
import { AssistantMessage, ResultMessage, SystemMessage } from '../stream/cliMessages';
import { CliError } from './cliError';

// Classification reads the CLI's own signals (protocol notes §6): result.is_error / api_error_status / subtype /
// terminal_reason / errors, the synthetic assistant's `error` field, api_retry lines, the exit status and stderr.
// API errors arrive as subtype "success" with is_error true, so the subtype alone says nothing.

const COMMANDS = {
  setCredentials: { label: 'Set Credentials…', command: 'aicode.setCredentials' },
  retry: { label: 'Retry', command: 'aicode.retryTurn' },
  showLogs: { label: 'Show Logs', command: 'aicode.showLogs' },
  resume: { label: 'Resume', command: 'aicode.resumeSession' },
  settings: { label: 'Open Settings', command: 'workbench.action.openSettings', args: ['aicode.'] },
  lineLimitSetting: { label: 'Open Settings', command: 'workbench.action.openSettings', args: ['aicode.stream.maxLineBytes'] },
  installCli: { label: 'How to Install', command: 'aicode.showHealth' },
  maxTurnsSetting: { label: 'Open Settings', command: 'workbench.action.openSettings', args: ['aicode.session.maxTurns'] },
  permissionMode: { label: 'Change Permission Mode', command: 'aicode.setPermissionMode' },
} as const;

export { COMMANDS as NextSteps };

/**
 * Returns the failure a result line reports, or undefined for a normal end of turn. A turn that ended normally but had
 * tools denied (result.permission_denials) reports permissionDenied: the answer stands, but the person should know.
 */
export function classifyResult(result: ResultMessage, lastAssistant?: AssistantMessage, lastRetry?: SystemMessage): CliError | undefined {
  if (!result.is_error) return classifyDenials(result);
  const text = result.result ?? result.errors?.join('; ') ?? '';
  const status = result.api_error_status ?? undefined;
  const details = { status, subtype: result.subtype, terminalReason: result.terminal_reason, text };
  if (result.subtype === 'error_max_turns' || result.terminal_reason === 'max_turns') {
    // num_turns counts more than the limit (max-turns 1 reports num_turns 2); errors[] names the limit itself.
    const limit = /maximum number of turns \((\d+)\)/i.exec(result.errors?.join('\n') ?? '')?.[1] ?? result.num_turns ?? '?';
    return new CliError('maxTurns', `Claude stopped after the maximum number of turns (${limit}).`, { ...details, limit }, COMMANDS.maxTurnsSetting);
  }
  if (/budget/i.test(result.subtype) || result.terminal_reason === 'budget') {
    return new CliError('budget', 'The spending budget for this session was reached.', details, COMMANDS.settings);
  }
  if (result.terminal_reason?.startsWith('aborted')) {
    return new CliError('interrupted', 'Interrupted.', details);
  }
  const assistantError = lastAssistant?.error;
  if (status === 401 || status === 403 || assistantError === 'authentication_failed') {
    return new CliError('auth', 'Claude rejected the credentials (not signed in, or the key is invalid).', details, COMMANDS.setCredentials);
  }
  if (status === 429 || assistantError === 'rate_limit') {
    const retryMs = lastRetry?.error_status === 429 ? lastRetry.retry_delay_ms : undefined;
    const when = retryMs ? ` Try again in ${Math.ceil(retryMs / 1000)} s.` : '';
    return new CliError('rateLimited', `Rate limited by the API.${when}`, { ...details, retryAfterMs: retryMs }, COMMANDS.retry);
  }
  if (status === 529 || /overloaded/i.test(text)) {
    return new CliError('overloaded', 'The API is overloaded right now; this is usually temporary.', details, COMMANDS.retry);
  }
  if (status !== undefined && status >= 500) {
    return new CliError('serverError', `The API answered with a server error (${status}).`, details, COMMANDS.retry);
  }
  if (/empty or malformed response/i.test(text)) {
    // HTTP 200 whose SSE stream carried an error event or nothing usable (protocol notes §6): the CLI retries it
    // itself; when it gives up the backend is having trouble, so it is treated like a server error.
    return new CliError('serverError', `The API sent an empty or malformed response (${status ?? 'HTTP 200'}); a proxy or gateway may be in the way.`, details, COMMANDS.retry);
  }
  if (/Unable to connect|ConnectionRefused|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|Connection to the API was lost|ECONNRESET|network|socket hang up|timed? ?out/i.test(text)) {
    return new CliError('network', `Could not reach the API: ${firstLine(text)}`, details, COMMANDS.retry);
  }
  if (MISSING_CONVERSATION.test(text)) return missingConversation(details);
  if (status !== undefined) return new CliError('apiError', `The API rejected the request (${status}): ${firstLine(text)}`, details, COMMANDS.showLogs);
  return new CliError('unknown', firstLine(text) || `The turn ended with an error (${result.subtype}).`, details, COMMANDS.showLogs);
}

/** Tools the person (or a rule, or the permission mode) refused during a turn that otherwise ended normally. */
export function classifyDenials(result: ResultMessage): CliError | undefined {
  const tools = [...new Set((result.permission_denials ?? []).map((d) => d.tool_name))];
  if (tools.length === 0) return undefined;
  return new CliError('permissionDenied', `Claude was not allowed to use ${tools.join(', ')}.`, { tools, denials: result.permission_denials }, COMMANDS.permissionMode);
}

/** An unexpected process exit. */
export function classifyExit(code: number | null, signal: string | null, stderrTail: string): CliError {
  const tail = stderrTail.trim().split('\n').slice(-3).join('\n');
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  if (/cannot be used with root\/sudo/i.test(stderrTail)) {
    return new CliError('config', 'bypassPermissions cannot be used when VS Code runs as root. Choose another permission mode.', { code, signal, stderrTail: tail }, COMMANDS.settings);
  }
  if (MISSING_CONVERSATION.test(stderrTail)) return missingConversation({ code, signal, stderrTail: tail });
  if (/Invalid MCP configuration|Settings file not found|Invalid session ID|already in use/i.test(stderrTail)) {
    return new CliError('config', `Claude Code refused its configuration: ${tail}`, { code, signal, stderrTail: tail }, COMMANDS.settings);
  }
  return new CliError('crashed', `The Claude process ${how}.${tail ? ` ${tail}` : ''}`, { code, signal, stderrTail: tail }, COMMANDS.resume);
}

export function classifySpawn(code: string | undefined, message: string, binary: string): CliError {
  if (code === 'ENOENT') return new CliError('cliNotFound', `The Claude CLI was not found at ${binary}.`, { code }, COMMANDS.settings);
  if (code === 'EACCES') return new CliError('cliNotExecutable', `${binary} is not executable (permission denied).`, { code }, COMMANDS.settings);
  return new CliError('spawnFailed', `Could not start the Claude CLI: ${message}`, { code }, COMMANDS.retry);
}

/**
 * A problem on the CLI's stdout. A malformed line is skipped and the turn goes on; a line over
 * aicode.stream.maxLineBytes ends the turn and the process (its bytes are dropped as they come, so memory stays bounded).
 */
export function classifyStreamProblem(p: StreamProblem): CliError {
  if (p.kind === 'lineTooLong') {
    return new CliError('oversizedLine', `The Claude CLI printed a line of more than ${p.limit} bytes (aicode.stream.maxLineBytes); the session was stopped to protect memory.`, { ...p }, COMMANDS.lineLimitSetting);
  }
  return new CliError('malformedStream', `Ignored a malformed line from the Claude CLI: ${p.detail}`, { sample: p.sample }, COMMANDS.showLogs);
}

/** A busy process that printed nothing for `silentMs` (and ran no tool, and waited for no permission). */
export function stalledError(silentMs: number): CliError {
  return new CliError('stalled', `Claude printed nothing for ${Math.round(silentMs / 1000)} s; the process was replaced and the conversation can go on.`, { silentMs }, COMMANDS.retry);
}

/**
 * `--resume` of a conversation whose transcript the CLI never wrote (its process was killed right after its first
 * init, or persistence is off): it prints this on stderr, an unsolicited error result, and exits 1. Not a crash: a new
 * process would fail the same way, so the session starts the conversation afresh instead (missingConversation).
 */
const MISSING_CONVERSATION = /No conversation found with session ID/i;

function missingConversation(details: Record<string, unknown>): CliError {
  return new CliError('config', 'Claude Code has no saved transcript of this conversation to resume (its process ended before writing one); it starts afresh.', { ...details, missingConversation: true });
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 300);
}
