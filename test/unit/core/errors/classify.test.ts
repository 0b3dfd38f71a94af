// Classification from the CLI's own signals. Shapes are the real ones: lines of the captures in /work/shared/captures
// (09, 10: 529 with retries; 11: interrupt; 04: a denied Write) and the fields the protocol sheet §6 lists per case.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyDenials, classifyExit, classifyResult, classifySpawn, classifyStreamProblem, stalledError } from '../../../../src/core/errors/classify';
import { asCliError, CliError, ErrorKind } from '../../../../src/core/errors/cliError';
import { TurnTracker } from '../../../../src/core/session/turnTracker';
import { AssistantMessage, CliMessage, ResultMessage, SystemMessage } from '../../../../src/core/stream/cliMessages';
import { parseCliLine } from '../../../../src/core/stream/parseCliMessage';
import { CAPTURES_DIR } from '../testUtil';

function capture(name: string): CliMessage[] {
  return readFileSync(join(CAPTURES_DIR, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const parsed = parseCliLine(l);
      assert.ok(parsed.ok, `capture line parses: ${l.slice(0, 80)}`);
      return parsed.message;
    });
}

/** Feeds a turn's lines to a TurnTracker as the session does, and classifies its `nth` result (1-based). */
function classifyCaptureTurn(name: string, nth = 1): CliError | undefined {
  let tracker = new TurnTracker({ prompt: { id: 'p', text: 'x', images: [], queuedAt: 0 }, resolve: () => undefined, reject: () => undefined }, 0);
  let seen = 0;
  for (const m of capture(name)) {
    if (m.type === 'assistant') tracker.noteAssistant(m, 1);
    else if (m.type === 'system' && m.subtype === 'api_retry') tracker.noteRetry(m);
    else if (m.type === 'result') {
      if (++seen === nth) return tracker.finish(m, 'sid').error;
      tracker = new TurnTracker(tracker.turn, 0);
    }
  }
  throw new Error(`${name} has no result #${nth}`);
}

/** A result line with the fields the CLI always prints, plus `fields`. */
const result = (fields: Partial<ResultMessage> & Pick<ResultMessage, 'is_error'>): ResultMessage => ({
  type: 'result',
  subtype: 'success',
  duration_ms: 10,
  num_turns: 1,
  session_id: 's',
  total_cost_usd: 0,
  permission_denials: [],
  terminal_reason: 'completed',
  ...fields,
});
const apiError = (status: number | null, text: string): ResultMessage => result({ is_error: true, api_error_status: status, result: text, stop_reason: 'stop_sequence' });
const synthetic = (error: string, text: string): AssistantMessage => ({
  type: 'assistant',
  message: { id: 'x', model: '<synthetic>', role: 'assistant', content: [{ type: 'text', text }] },
  error,
});
const retryLine = (status: number | null, delay: number, error: string): SystemMessage => ({ type: 'system', subtype: 'api_retry', attempt: 1, max_retries: 1, retry_delay_ms: delay, error_status: status, error });

describe('classifyResult', () => {
  describe('from the captures', () => {
    it('529 after 2 CLI retries (10-api-error-529-max-retries-2): overloaded, transient, Retry', () => {
      const e = classifyCaptureTurn('10-api-error-529-max-retries-2.ndjson');
      assert.equal(e?.kind, 'overloaded');
      assert.equal(e.message, 'The API is overloaded right now; this is usually temporary.');
      assert.equal(e.details.status, 529);
      assert.equal(e.transient, true);
      assert.deepEqual(e.nextStep, { label: 'Retry', command: 'aicode.retryTurn' });
    });

    it('529 after the default 10 retries (09-api-error-529-default-retries): overloaded', () => {
      assert.equal(classifyCaptureTurn('09-api-error-529-default-retries.ndjson')?.kind, 'overloaded');
    });

    it('an interrupt (11-interrupt, terminal_reason aborted_streaming): interrupted, no button; the next turn is fine', () => {
      const e = classifyCaptureTurn('11-interrupt.ndjson', 1);
      assert.equal(e?.kind, 'interrupted');
      assert.equal(e.nextStep, undefined);
      assert.equal(e.transient, false, 'never retried automatically');
      assert.equal(classifyCaptureTurn('11-interrupt.ndjson', 2), undefined);
    });

    it('a Write denied in default mode (04): the answer stands, permissionDenied names the tool', () => {
      const e = classifyCaptureTurn('04-tool-use-write-denied-default.ndjson');
      assert.equal(e?.kind, 'permissionDenied');
      assert.equal(e.message, 'Claude was not allowed to use Write.');
      assert.deepEqual(e.nextStep, { label: 'Change Permission Mode', command: 'aicode.setPermissionMode' });
    });

    it('plain successful turns (01, 03, 06) are not errors', () => {
      for (const name of ['01-oneshot-text.ndjson', '03-tool-use-bash-allowed.ndjson', '06-streaming-input-multiturn.ndjson']) assert.equal(classifyCaptureTurn(name), undefined, name);
    });
  });

  describe('from the protocol sheet §6 shapes', () => {
    it('401: auth (from api_error_status and the synthetic authentication_failed), Set Credentials…, not retried', () => {
      const e = classifyResult(apiError(401, 'Invalid API key · Fix external API key'), synthetic('authentication_failed', 'Invalid API key · Fix external API key'));
      assert.equal(e?.kind, 'auth');
      assert.equal(e.message, 'Claude rejected the credentials (not signed in, or the key is invalid).');
      assert.deepEqual(e.nextStep, { label: 'Set Credentials…', command: 'aicode.setCredentials' });
      assert.equal(e.transient, false);
      assert.equal(classifyResult(apiError(403, 'API Error: 403 …'))?.kind, 'auth');
      assert.equal(classifyResult(apiError(null, 'Not logged in · Please run /login'), synthetic('authentication_failed', 'Not logged in'))?.kind, 'auth');
    });

    it('429 with retry-after: rateLimited says when (from the api_retry line), transient', () => {
      const text = 'API Error: Request rejected (429) · Number of request tokens has exceeded your per-minute rate limit';
      const e = classifyResult(apiError(429, text), synthetic('rate_limit', text), retryLine(429, 2000, 'rate_limit'));
      assert.equal(e?.kind, 'rateLimited');
      assert.equal(e.message, 'Rate limited by the API. Try again in 2 s.');
      assert.equal(e.details.retryAfterMs, 2000);
      assert.equal(e.transient, true);
    });

    it('429 without a retry line (CLAUDE_CODE_MAX_RETRIES=0): rateLimited without a time', () => {
      const e = classifyResult(apiError(429, 'API Error: Request rejected (429)'));
      assert.equal(e?.message, 'Rate limited by the API.');
      assert.equal(e.details.retryAfterMs, undefined);
    });

    it('500: serverError naming the status', () => {
      const text = 'API Error: 500 Internal server error. This is a server-side issue, usually temporary — try again in a moment.';
      const e = classifyResult(apiError(500, text), synthetic('server_error', text));
      assert.equal(e?.kind, 'serverError');
      assert.equal(e.message, 'The API answered with a server error (500).');
      assert.equal(e.transient, true);
      assert.equal(classifyResult(apiError(503, 'API Error: 503'))?.kind, 'serverError');
    });

    it('400: apiError with the CLI’s text and Show Logs, not retried (the CLI does not retry it either)', () => {
      const e = classifyResult(apiError(400, 'API Error: 400 messages: field required'), synthetic('unknown', 'API Error: 400 messages: field required'));
      assert.equal(e?.kind, 'apiError');
      assert.equal(e.message, 'The API rejected the request (400): API Error: 400 messages: field required');
      assert.equal(e.nextStep?.label, 'Show Logs');
      assert.equal(e.transient, false);
    });

    it('connection refused and a lost connection: network, transient', () => {
      const refused = classifyResult(apiError(null, 'API Error: Unable to connect to API (ConnectionRefused)'), synthetic('unknown', 'x'), retryLine(null, 512, 'unknown'));
      assert.equal(refused?.kind, 'network');
      assert.equal(refused.message, 'Could not reach the API: API Error: Unable to connect to API (ConnectionRefused)');
      assert.equal(refused.transient, true);
      const lost = classifyResult(apiError(null, 'API Error: Connection to the API was lost (ECONNRESET). This is usually temporary — try again.'));
      assert.equal(lost?.kind, 'network');
      assert.equal(classifyResult(apiError(null, 'API Error: Unable to connect to API (ECONNRESET)'))?.kind, 'network');
    });

    it('HTTP 200 with an SSE error event ("empty or malformed response"): serverError, transient', () => {
      const e = classifyResult(apiError(null, 'API Error: API returned an empty or malformed response (HTTP 200) — check for a proxy or gateway intercepting the request'));
      assert.equal(e?.kind, 'serverError');
      assert.match(e.message, /empty or malformed response \(HTTP 200\)/);
      assert.equal(e.transient, true);
    });

    it('max turns: names the configured limit from errors[] (num_turns counts one more), opens aicode.session.maxTurns', () => {
      const m: ResultMessage = result({ subtype: 'error_max_turns', is_error: true, num_turns: 2, stop_reason: 'tool_use', terminal_reason: 'max_turns', errors: ['Reached maximum number of turns (1)'] });
      const e = classifyResult(m);
      assert.equal(e?.kind, 'maxTurns');
      assert.equal(e.message, 'Claude stopped after the maximum number of turns (1).');
      assert.deepEqual(e.nextStep?.args, ['aicode.session.maxTurns']);
      assert.equal(e.transient, false);
    });

    it('a spending budget stop: budget', () => {
      assert.equal(classifyResult(result({ subtype: 'error_max_budget_usd', is_error: true }))?.kind, 'budget');
    });

    it('an interrupt during a tool (terminal_reason aborted_tools): interrupted', () => {
      assert.equal(classifyResult(result({ subtype: 'error_during_execution', is_error: true, terminal_reason: 'aborted_tools' }))?.kind, 'interrupted');
    });

    it('a resume of a conversation the CLI never saved: config, marked missingConversation (the session starts afresh)', () => {
      // The unsolicited result the CLI prints before exiting 1 (stderr: "No conversation found with session ID: …").
      const m: ResultMessage = result({ subtype: 'error_during_execution', is_error: true, num_turns: 0, stop_reason: null, errors: ['No conversation found with session ID: 1111'] });
      const e = classifyResult(m);
      assert.equal(e?.kind, 'config');
      assert.equal(e.details.missingConversation, true);
      assert.equal(e.transient, false);
    });

    it('anything else with is_error: unknown, with the CLI’s first line and Show Logs', () => {
      const e = classifyResult(apiError(null, 'Something new went wrong\nsecond line'));
      assert.equal(e?.kind, 'unknown');
      assert.equal(e.message, 'Something new went wrong');
      assert.equal(e.nextStep?.label, 'Show Logs');
      assert.match(classifyResult(result({ subtype: 'error_during_execution', is_error: true, terminal_reason: 'completed' }))!.message, /error_during_execution/);
    });

    it('the subtype alone says nothing: API errors arrive as subtype "success" with is_error', () => {
      assert.equal(classifyResult(result({ is_error: false, result: 'API Error: looks like an error but is the answer' })), undefined);
    });
  });
});

describe('classifyDenials', () => {
  it('lists each denied tool once', () => {
    const e = classifyDenials(result({ is_error: false, permission_denials: [{ tool_name: 'Write' }, { tool_name: 'Bash' }, { tool_name: 'Write' }] }));
    assert.equal(e?.message, 'Claude was not allowed to use Write, Bash.');
    assert.deepEqual(e.details.tools, ['Write', 'Bash']);
    assert.equal(classifyDenials(result({ is_error: false })), undefined);
  });
});

describe('classifyExit', () => {
  it('killed by a signal: crashed, with Resume', () => {
    const e = classifyExit(null, 'SIGKILL', '');
    assert.equal(e.kind, 'crashed');
    assert.equal(e.message, 'The Claude process was killed by SIGKILL.');
    assert.deepEqual(e.nextStep, { label: 'Resume', command: 'aicode.resumeSession' });
    assert.equal(e.transient, false, 'a crashed turn may have run tools: never repeated automatically');
  });

  it('a non-zero exit carries the last 3 lines of stderr', () => {
    const e = classifyExit(1, null, 'line 1\nline 2\nError: boom\n    at x (y.js:1)\n    at z\n');
    assert.equal(e.message, 'The Claude process exited with code 1. Error: boom\n    at x (y.js:1)\n    at z');
    assert.equal(e.details.code, 1);
  });

  it('"No conversation found" on --resume is not a crash (a new process would fail the same way: no recovery loop)', () => {
    const e = classifyExit(1, null, 'No conversation found with session ID: 11111111-2222-4333-8444-555555555555\n');
    assert.equal(e.kind, 'config');
    assert.equal(e.details.missingConversation, true);
    assert.match(e.message, /no saved transcript of this conversation/);
  });

  it('configuration it refused: config with Open Settings', () => {
    assert.equal(classifyExit(1, null, 'Error: --dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons').kind, 'config');
    const mcp = classifyExit(1, null, 'Error: Invalid MCP configuration:\nMCP config file not found: /x/{not json');
    assert.equal(mcp.kind, 'config');
    assert.equal(mcp.nextStep?.label, 'Open Settings');
  });
});

describe('classifySpawn', () => {
  it('ENOENT, EACCES, EMFILE', () => {
    const missing = classifySpawn('ENOENT', 'spawn /x/claude ENOENT', '/x/claude');
    assert.deepEqual([missing.kind, missing.message, missing.nextStep?.label], ['cliNotFound', 'The Claude CLI was not found at /x/claude.', 'Open Settings']);
    const denied = classifySpawn('EACCES', 'spawn /x/claude EACCES', '/x/claude');
    assert.deepEqual([denied.kind, denied.message], ['cliNotExecutable', '/x/claude is not executable (permission denied).']);
    const full = classifySpawn('EMFILE', 'spawn EMFILE', '/x/claude');
    assert.deepEqual([full.kind, full.transient, full.nextStep?.label], ['spawnFailed', true, 'Retry']);
    assert.match(full.message, /Could not start the Claude CLI: spawn EMFILE/);
  });
});

describe('stream problems and stalls', () => {
  it('a malformed line is reported with Show Logs; an oversized one points at aicode.stream.maxLineBytes', () => {
    const bad = classifyStreamProblem({ kind: 'malformedLine', detail: 'not JSON', sample: 'this is not json' });
    assert.deepEqual([bad.kind, bad.message, bad.nextStep?.label], ['malformedStream', 'Ignored a malformed line from the Claude CLI: not JSON', 'Show Logs']);
    const big = classifyStreamProblem({ kind: 'lineTooLong', limit: 33_554_432, bytesSeen: 40_000_000 });
    assert.equal(big.kind, 'oversizedLine');
    assert.match(big.message, /more than 33554432 bytes \(aicode\.stream\.maxLineBytes\)/);
    assert.deepEqual(big.nextStep?.args, ['aicode.stream.maxLineBytes']);
  });

  it('a stall says how long it was silent and offers Retry', () => {
    const e = stalledError(125_400);
    assert.equal(e.message, 'Claude printed nothing for 125 s; the process was replaced and the conversation can go on.');
    assert.equal(e.nextStep?.label, 'Retry');
    assert.equal(e.transient, false);
  });
});

describe('CliError', () => {
  it('only backend hiccups and spawn resource errors are transient', () => {
    const transient: ErrorKind[] = ['rateLimited', 'overloaded', 'serverError', 'network', 'spawnFailed'];
    for (const kind of ['cliNotFound', 'cliNotExecutable', 'cliTooOld', 'auth', 'maxTurns', 'budget', 'permissionDenied', 'interrupted', 'crashed', 'stalled', 'malformedStream', 'oversizedLine', 'config', 'breakerOpen', 'untrusted', 'apiError', 'unknown', ...transient] as const) {
      assert.equal(new CliError(kind, 'x').transient, transient.includes(kind), kind);
    }
  });

  it('asCliError keeps a CliError and wraps anything else as unknown', () => {
    const e = new CliError('auth', 'x');
    assert.equal(asCliError(e), e);
    assert.deepEqual([asCliError(new Error('boom')).kind, asCliError(new Error('boom')).message], ['unknown', 'boom']);
    assert.equal(asCliError('text').message, 'text');
  });
});
