import * as z from 'zod/mini';
import {
  AssistantMessageSchema,
  CliMessage,
  ControlCancelSchema,
  ControlRequestSchema,
  ControlResponseSchema,
  ResultMessageSchema,
  SystemMessageSchema,
  UserMessageSchema,
} from './cliMessages';

export type ParseOutcome = { ok: true; message: CliMessage } | { ok: false; error: string };

const schemas: Record<string, z.ZodMiniType> = {
  system: SystemMessageSchema,
  assistant: AssistantMessageSchema,
  user: UserMessageSchema,
  result: ResultMessageSchema,
  control_request: ControlRequestSchema,
  control_response: ControlResponseSchema,
  control_cancel_request: ControlCancelSchema,
};

/** Parses one stream line. Malformed JSON or a known type with a broken shape is an error; unknown types are not. */
export function parseCliLine(text: string): ParseOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not JSON: ${(err as Error).message}` };
  }
  return classifyCliValue(value);
}

export function classifyCliValue(value: unknown): ParseOutcome {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'not a JSON object' };
  const obj = value as Record<string, unknown>;
  const type = obj.type;
  if (typeof type !== 'string') return { ok: false, error: 'missing "type"' };
  // The hot path: thousands of these per turn, so a cheap structural check instead of a schema.
  if (type === 'stream_event') {
    const event = obj.event as { type?: unknown } | undefined;
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string') {
      return { ok: false, error: 'stream_event without event.type' };
    }
    return { ok: true, message: obj as unknown as CliMessage };
  }
  if (type === 'keep_alive' || type === 'rate_limit_event') return { ok: true, message: obj as unknown as CliMessage };
  const schema = schemas[type];
  if (!schema) return { ok: true, message: { type: 'unknown', originalType: type, raw: obj } };
  const parsed = schema.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `invalid ${type} line: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim() };
  }
  // Keep the original object: schemas are loose and we do not want zod's copy on the hot path.
  return { ok: true, message: obj as unknown as CliMessage };
}
