// Typed view of every line the Claude CLI prints in stream-json mode (see ../shared/claude-cli-protocol.md).
// Validation is deliberately loose: required fields are checked, unknown fields pass, and unknown message types become
// `{ type: 'unknown' }` so a newer CLI never breaks us.
import * as z from 'zod/mini';

const envelope = { session_id: z.optional(z.string()), uuid: z.optional(z.string()) };

export const ContentBlockSchema = z.looseObject({ type: z.string() });
/** A content block; `type` is open-ended (new block kinds appear), so fields beyond `type` are checked where used. */
export interface ContentBlock {
  type: string;
  text?: string;
  thinking?: string;
  id?: string;
  name?: string;
  input?: Record<string, unknown>;
  tool_use_id?: string;
  content?: unknown;
  is_error?: boolean;
  [key: string]: unknown;
}

const UsageSchema = z.looseObject({
  input_tokens: z.optional(z.number()),
  output_tokens: z.optional(z.number()),
  cache_creation_input_tokens: z.optional(z.number()),
  cache_read_input_tokens: z.optional(z.number()),
});
export interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export const SystemMessageSchema = z.looseObject({
  type: z.literal('system'),
  subtype: z.string(),
  ...envelope,
  cwd: z.optional(z.string()),
  model: z.optional(z.string()),
  tools: z.optional(z.array(z.string())),
  permissionMode: z.optional(z.string()),
  apiKeySource: z.optional(z.string()),
  claude_code_version: z.optional(z.string()),
  mcp_servers: z.optional(z.array(z.looseObject({ name: z.string(), status: z.string() }))),
  // api_retry
  attempt: z.optional(z.number()),
  max_retries: z.optional(z.number()),
  retry_delay_ms: z.optional(z.number()),
  error_status: z.optional(z.nullable(z.number())),
  error: z.optional(z.string()),
  // status
  status: z.optional(z.nullable(z.string())),
});
export interface SystemMessage {
  type: 'system';
  subtype: string;
  session_id?: string;
  uuid?: string;
  cwd?: string;
  model?: string;
  tools?: string[];
  permissionMode?: string;
  apiKeySource?: string;
  claude_code_version?: string;
  mcp_servers?: { name: string; status: string }[];
  attempt?: number;
  max_retries?: number;
  retry_delay_ms?: number;
  error_status?: number | null;
  error?: string;
  status?: string | null;
  [key: string]: unknown;
}

export const AssistantMessageSchema = z.looseObject({
  type: z.literal('assistant'),
  ...envelope,
  parent_tool_use_id: z.optional(z.nullable(z.string())),
  error: z.optional(z.string()),
  message: z.looseObject({
    id: z.string(),
    model: z.optional(z.string()),
    role: z.optional(z.literal('assistant')),
    content: z.array(ContentBlockSchema),
    usage: z.optional(UsageSchema),
  }),
});
export interface AssistantMessage {
  type: 'assistant';
  session_id?: string;
  uuid?: string;
  parent_tool_use_id?: string | null;
  /** Set on synthetic API-error messages: authentication_failed, rate_limit, server_error, unknown. */
  error?: string;
  message: { id: string; model?: string; role?: 'assistant'; content: ContentBlock[]; usage?: Usage; [key: string]: unknown };
  [key: string]: unknown;
}

export const UserMessageSchema = z.looseObject({
  type: z.literal('user'),
  ...envelope,
  parent_tool_use_id: z.optional(z.nullable(z.string())),
  isReplay: z.optional(z.boolean()),
  tool_use_result: z.optional(z.unknown()),
  message: z.looseObject({ role: z.literal('user'), content: z.union([z.string(), z.array(ContentBlockSchema)]) }),
});
export interface UserMessage {
  type: 'user';
  session_id?: string;
  uuid?: string;
  parent_tool_use_id?: string | null;
  isReplay?: boolean;
  tool_use_result?: unknown;
  message: { role: 'user'; content: string | ContentBlock[] };
  [key: string]: unknown;
}

export const ResultMessageSchema = z.looseObject({
  type: z.literal('result'),
  subtype: z.string(),
  ...envelope,
  is_error: z.boolean(),
  api_error_status: z.optional(z.nullable(z.number())),
  duration_ms: z.optional(z.number()),
  duration_api_ms: z.optional(z.number()),
  num_turns: z.optional(z.number()),
  result: z.optional(z.string()),
  stop_reason: z.optional(z.nullable(z.string())),
  total_cost_usd: z.optional(z.number()),
  usage: z.optional(UsageSchema),
  permission_denials: z.optional(z.array(z.looseObject({ tool_name: z.string(), tool_use_id: z.optional(z.string()) }))),
  terminal_reason: z.optional(z.string()),
  errors: z.optional(z.array(z.string())),
});
export interface ResultMessage {
  type: 'result';
  subtype: string;
  session_id?: string;
  uuid?: string;
  is_error: boolean;
  api_error_status?: number | null;
  duration_ms?: number;
  duration_api_ms?: number;
  num_turns?: number;
  result?: string;
  stop_reason?: string | null;
  total_cost_usd?: number;
  usage?: Usage;
  permission_denials?: { tool_name: string; tool_use_id?: string; tool_input?: unknown }[];
  terminal_reason?: string;
  errors?: string[];
  [key: string]: unknown;
}

export interface StreamEventMessage {
  type: 'stream_event';
  session_id?: string;
  uuid?: string;
  parent_tool_use_id?: string | null;
  ttft_ms?: number;
  event: { type: string; index?: number; [key: string]: unknown };
}

export const ControlRequestSchema = z.looseObject({
  type: z.literal('control_request'),
  request_id: z.string(),
  request: z.looseObject({ subtype: z.string() }),
});
export interface ControlRequestMessage {
  type: 'control_request';
  request_id: string;
  request: { subtype: string; [key: string]: unknown };
}

export const ControlResponseSchema = z.looseObject({
  type: z.literal('control_response'),
  response: z.looseObject({
    subtype: z.enum(['success', 'error']),
    request_id: z.string(),
    response: z.optional(z.record(z.string(), z.unknown())),
    error: z.optional(z.string()),
  }),
});
export interface ControlResponseMessage {
  type: 'control_response';
  response: { subtype: 'success' | 'error'; request_id: string; response?: Record<string, unknown>; error?: string };
}

export const ControlCancelSchema = z.looseObject({ type: z.literal('control_cancel_request'), request_id: z.string() });
export interface ControlCancelMessage {
  type: 'control_cancel_request';
  request_id: string;
}

export interface KeepAliveMessage {
  type: 'keep_alive';
}
export interface RateLimitEventMessage {
  type: 'rate_limit_event';
  rate_limit_info?: Record<string, unknown>;
}
/** Anything we do not know yet: passed through untouched so a newer CLI never breaks us. */
export interface UnknownMessage {
  type: 'unknown';
  originalType: string;
  raw: Record<string, unknown>;
}

export type CliMessage =
  | SystemMessage
  | AssistantMessage
  | UserMessage
  | ResultMessage
  | StreamEventMessage
  | ControlRequestMessage
  | ControlResponseMessage
  | ControlCancelMessage
  | KeepAliveMessage
  | RateLimitEventMessage
  | UnknownMessage;

export type CliMessageType = CliMessage['type'];
