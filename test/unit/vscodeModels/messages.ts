// Builders for CLI messages in the vscodeModels specs (shapes from claude-cli-protocol.md §1–§4).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliMessage } from '../../../src/core/stream/cliMessages';
import { parseCliLine } from '../../../src/core/stream/parseCliMessage';
import { SessionInfo } from '../../../src/core/session/sessionTypes';

let n = 0;
const uuid = () => `uuid-${n++}`;

export const assistant = (id: string, content: Record<string, unknown>[], extra: Record<string, unknown> = {}): CliMessage =>
  ({ type: 'assistant', message: { id, content }, parent_tool_use_id: null, uuid: uuid(), ...extra }) as CliMessage;
export const user = (content: unknown, extra: Record<string, unknown> = {}): CliMessage => ({ type: 'user', message: { role: 'user', content }, uuid: uuid(), ...extra }) as CliMessage;
export const result = (extra: Record<string, unknown> = {}): CliMessage => ({ type: 'result', subtype: 'success', is_error: false, uuid: uuid(), ...extra }) as CliMessage;
export const toolUse = (id: string, name: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}) => assistant(`msg-${id}`, [{ type: 'tool_use', id, name, input }], extra);
export const toolResult = (tool_use_id: string, content: unknown, is_error = false) => user([{ type: 'tool_result', tool_use_id, content, is_error }]);
export const todoWrite = (id: string, todos: unknown[], extra: Record<string, unknown> = {}) => toolUse(id, 'TodoWrite', { todos }, extra);

/** A recorded stdout of the real CLI 2.1.197, parsed. */
export function capture(name: string): CliMessage[] {
  const text = readFileSync(join('/work/shared/captures', name), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => parseCliLine(l))
    .flatMap((r) => (r.ok ? [r.message] : []));
}

export function info(patch: Partial<SessionInfo> = {}): SessionInfo {
  return {
    id: 's1',
    folder: { name: 'proj', fsPath: '/home/dev/proj' },
    title: 'Fix the build',
    permissionMode: 'default',
    state: 'idle',
    createdAt: 1_000,
    lastActiveAt: 1_000,
    costUsd: 0,
    inputTokens: 0,
    outputTokens: 0,
    turns: 0,
    pendingPermissions: 0,
    queue: [],
    ...patch,
  };
}
