// Types for the CLI's can_use_tool requests (--permission-prompt-tool stdio), see claude-cli-protocol.md §4.

export interface PermissionRequest {
  /** The CLI-generated request id; answers and cancellations refer to it. */
  requestId: string;
  toolName: string;
  displayName?: string;
  input: Record<string, unknown>;
  toolUseId?: string;
  description?: string;
  decisionReason?: string;
  /** Rules the CLI proposes for "always allow"; echoed back as updatedPermissions when the user picks that. */
  suggestions: unknown[];
  receivedAt: number;
}

export type PermissionDecision =
  | { behavior: 'allow'; updatedInput?: Record<string, unknown>; updatedPermissions?: unknown[] }
  | { behavior: 'deny'; message: string; interrupt?: boolean };

/**
 * Decides a permission request; the UI implements it. It may take as long as the person needs: the CLI sets no
 * timeout and neither do we. The signal aborts when the CLI withdraws the request (control_cancel_request) or the
 * turn is interrupted.
 */
export type PermissionDecider = (request: PermissionRequest, signal: AbortSignal) => Promise<PermissionDecision>;

export const noDeciderDecision: PermissionDecision = {
  behavior: 'deny',
  message: 'No one is available to approve this tool use (AICode Manager has no permission handler attached).',
};

/** The control_response payload for a decision. An allow always carries updatedInput: the CLI rejects one without. */
export function decisionPayload(request: PermissionRequest, decision: PermissionDecision): Record<string, unknown> {
  if (decision.behavior === 'deny') {
    const payload: Record<string, unknown> = { behavior: 'deny', message: decision.message || 'Denied.' };
    if (decision.interrupt) payload.interrupt = true;
    return payload;
  }
  const payload: Record<string, unknown> = { behavior: 'allow', updatedInput: decision.updatedInput ?? request.input };
  if (decision.updatedPermissions && decision.updatedPermissions.length > 0) payload.updatedPermissions = decision.updatedPermissions;
  return payload;
}

export function toPermissionRequest(requestId: string, request: Record<string, unknown>, now: number): PermissionRequest {
  const input = request.input;
  return {
    requestId,
    toolName: String(request.tool_name ?? 'unknown tool'),
    displayName: typeof request.display_name === 'string' ? request.display_name : undefined,
    input: typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {},
    toolUseId: typeof request.tool_use_id === 'string' ? request.tool_use_id : undefined,
    description: typeof request.description === 'string' ? request.description : undefined,
    decisionReason: typeof request.decision_reason === 'string' ? request.decision_reason : undefined,
    suggestions: Array.isArray(request.permission_suggestions) ? request.permission_suggestions : [],
    receivedAt: now,
  };
}
