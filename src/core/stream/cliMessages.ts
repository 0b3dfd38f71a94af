// Typed view of every line the Claude CLI prints in stream-json mode (see ../shared/claude-cli-protocol.md).
// Validation is deliberately loose: required fields are checked, unknown fields pass, and unknown message types become
// `{ type: 'unknown' }` so a newer CLI never breaks us.
import { z } from 'zod';

const envelope = { session_id: z.string().optional(), uuid: z.string().optional() };

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
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  cache_creation_input_tokens: z.number().optional(),
  cache_read_input_tokens: z.number().optional(),
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
  cwd: z.string().optional(),
  model: z.string().optional(),
  tools: z.array(z.string()).optional(),
  permissionMode: z.string().optional(),
  apiKeySource: z.string().optional(),
  claude_code_version: z.string().optional(),
  mcp_servers: z.array(z.looseObject({ name: z.string(), status: z.string() })).optional(),
  // api_retry
  attempt: z.number().optional(),
  max_retries: z.number().optional(),
  retry_delay_ms: z.number().optional(),
  error_status: z.number().nullable().optional(),
  error: z.string().optional(),
  // status
  status: z.string().nullable().optional(),
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
  parent_tool_use_id: z.string().nullable().optional(),
  error: z.string().optional(),
  message: z.looseObject({
    id: z.string(),
    model: z.string().optional(),
    role: z.literal('assistant').optional(),
    content: z.array(ContentBlockSchema),
    usage: UsageSchema.optional(),
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
  parent_tool_use_id: z.string().nullable().optional(),
  isReplay: z.boolean().optional(),
  tool_use_result: z.unknown().optional(),
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
  api_error_status: z.number().nullable().optional(),
  duration_ms: z.number().optional(),
  duration_api_ms: z.number().optional(),
  num_turns: z.number().optional(),
  result: z.string().optional(),
  stop_reason: z.string().nullable().optional(),
  total_cost_usd: z.number().optional(),
  usage: UsageSchema.optional(),
  permission_denials: z.array(z.looseObject({ tool_name: z.string(), tool_use_id: z.string().optional() })).optional(),
  terminal_reason: z.string().optional(),
  errors: z.array(z.string()).optional(),
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
    response: z.record(z.string(), z.unknown()).optional(),
    error: z.string().optional(),
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
