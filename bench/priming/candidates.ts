/**
 * Ways to "prime" a pre-spawned, initialised CLI process before its first real prompt, and how to tell whether one
 * left anything in the user's conversation.
 */
import type { RecordedRequest } from '../../test/fixtures/fakeApi';
import type { BenchApi } from '../lib/remoteFakeApi';
import type { CliMessage } from '../../test/integration/harness';
import type { BareCli } from '../lib/bareCli';

export interface Candidate {
  name: string;
  /** What is sent, for the write-up. */
  call: string;
  /** Fields for the `initialize` request (e.g. hooks), when the candidate needs them. */
  initFields?: Record<string, unknown>;
  /** Answers CLI→host control requests the candidate provokes (hook callbacks). */
  onCliRequest?: (b: BareCli, m: CliMessage) => void;
  prime(b: BareCli): Promise<void>;
}

/** A local slash command sent as a user message; waits for its `result`. */
function slash(command: string): Candidate {
  return {
    name: command,
    call: `user message "${command}"`,
    async prime(b) {
      const from = b.proc.messages.length;
      b.sendUser(command);
      await b.nextResult(from, 30_000);
    },
  };
}

function control(name: string, subtype: string, fields: Record<string, unknown> = {}): Candidate {
  return {
    name,
    call: `control_request ${JSON.stringify({ subtype, ...fields })}`,
    async prime(b) {
      await b.control(subtype, fields, 30_000);
    },
  };
}

export const HOOK_MARKER = '\u2063aicode-prime\u2063';

/**
 * A throwaway prompt that a UserPromptSubmit hook (registered in `initialize`, answered by the host over the control
 * protocol) blocks before any API call. Probes whether the prompt pipeline warms without a model call.
 */
const hookBlocked: Candidate = {
  name: 'hook-blocked prompt',
  call: 'initialize{hooks:{UserPromptSubmit:[{hookCallbackIds:["prime"]}]}} + a user message the hook blocks',
  initFields: { hooks: { UserPromptSubmit: [{ hookCallbackIds: ['prime'] }] } },
  onCliRequest(b, m) {
    const req = m.request as { subtype?: string; input?: { prompt?: string } } | undefined;
    if (req?.subtype !== 'hook_callback') return;
    const block = typeof req.input?.prompt === 'string' && req.input.prompt.includes(HOOK_MARKER);
    b.proc.send({ type: 'control_response', response: { subtype: 'success', request_id: m.request_id, response: block ? { decision: 'block', reason: 'priming', suppressOutput: true } : {} } });
  },
  async prime(b) {
    const from = b.proc.messages.length;
    b.sendUser(`${HOOK_MARKER} warm up`);
    await b.nextResult(from, 30_000);
  },
};

/** get_context_usage, then the hook-blocked prompt: does warming the prompt pipeline add to the tool-schema warm-up? */
const contextThenHook: Candidate = {
  ...hookBlocked,
  name: 'get_context_usage + hook-blocked prompt',
  call: `control_request get_context_usage, then ${hookBlocked.call}`,
  async prime(b) {
    await b.control('get_context_usage', {}, 30_000);
    await hookBlocked.prime(b);
  },
};

export const CANDIDATES: readonly Candidate[] = [
  { name: 'none', call: '(nothing)', prime: async () => undefined },
  control('get_context_usage', 'get_context_usage'),
  control('get_context_usage summary', 'get_context_usage', { detail: 'summary' }),
  control('reload_skills', 'reload_skills'),
  control('reload_plugins', 'reload_plugins'),
  control('mcp_set_servers {}', 'mcp_set_servers', { servers: {} }),
  control('apply_flag_settings {}', 'apply_flag_settings', { settings: {} }),
  control('file_suggestions', 'file_suggestions', { query: '' }),
  control('mcp_status', 'mcp_status'),
  control('get_session_cost', 'get_session_cost'),
  control('set_model (same)', 'set_model', { model: 'default' }),
  slash('/context'),
  slash('/cost'),
  slash('/status'),
  slash('/help'),
  slash('/clear'),
  hookBlocked,
  contextThenHook,
];

export interface Pollution {
  /** Extra content the first real request carried that a fresh process does not send (local-command text, blocked prompt…). */
  extraInRequest: string[];
  /** Transcript lines written before the real prompt's user line that are not queue bookkeeping. */
  transcriptLinesBefore: string[];
}

const BOOKKEEPING = new Set(['queue-operation', 'last-prompt', 'mode']);

/** Compares the first real request with what an unprimed process sends, and reads the transcript for leftovers. */
export function pollutionOf(req: RecordedRequest, prompt: string, transcript: string[]): Pollution {
  const extraInRequest: string[] = [];
  const msgs = req.body?.messages ?? [];
  const users = msgs.filter((m) => m.role === 'user');
  if (users.length !== 1) extraInRequest.push(`${users.length} user messages`);
  for (const u of users) {
    const blocks = typeof u.content === 'string' ? [{ type: 'text', text: u.content }] : u.content;
    for (const b of blocks) {
      const t = typeof b.text === 'string' ? b.text : '';
      if (b.type !== 'text') extraInRequest.push(`${b.type} block`);
      else if (t.startsWith('<system-reminder>')) continue;
      else if (t.trim() !== prompt) extraInRequest.push(t.slice(0, 80));
    }
  }
  if (msgs.some((m) => m.role === 'assistant')) extraInRequest.push('assistant message');
  const transcriptLinesBefore: string[] = [];
  for (const line of transcript) {
    let o: { type?: string; message?: { content?: unknown } };
    try {
      o = JSON.parse(line) as typeof o;
    } catch {
      continue;
    }
    if (o.type === 'user' && JSON.stringify(o.message?.content ?? '').includes(prompt)) break;
    if (!BOOKKEEPING.has(o.type ?? '')) transcriptLinesBefore.push(`${o.type}: ${JSON.stringify(o.message?.content ?? '').slice(0, 60)}`);
  }
  return { extraInRequest, transcriptLinesBefore };
}

/** API requests made while priming, by kind. */
export function classifyRequests(api: BenchApi, fromAll: number): { messages: number; countTokens: number; other: number; inputBytes: number } {
  const reqs = api.allRequests.slice(fromAll);
  let messages = 0;
  let countTokens = 0;
  let other = 0;
  let inputBytes = 0;
  for (const r of reqs) {
    if (r.method !== 'POST') {
      other++;
      continue;
    }
    inputBytes += r.rawBody.length;
    if (r.path === '/v1/messages') messages++;
    else if (r.path === '/v1/messages/count_tokens') countTokens++;
    else other++;
  }
  return { messages, countTokens, other, inputBytes };
}
