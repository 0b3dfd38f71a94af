// A conversation as the exporter writes it, built with the same TranscriptReducer the chat uses (assistant lines
// merged by message.id, tool results paired in any order, interrupt markers, replayed command output), plus the
// full tool inputs. No `vscode` import: unit-tested in plain Node.
import { CliMessage } from '../../core/stream/cliMessages';
import { TranscriptReducer } from '../../core/transcript/transcriptReducer';

export type ExportEntry =
  | { type: 'user'; text: string; images?: number }
  | { type: 'assistant'; text: string; subagent?: boolean }
  | { type: 'tool'; id: string; name: string; summary: string; input: Record<string, unknown>; status: string; result?: string; resultTruncated?: boolean; subagent?: boolean }
  | { type: 'turn'; isError: boolean; subtype: string; costUsd?: number; durationMs?: number; inputTokens?: number; outputTokens?: number }
  | { type: 'error'; message: string }
  | { type: 'note'; text: string };

export function exportEntries(messages: readonly CliMessage[]): ExportEntry[] {
  const inputs = new Map<string, Record<string, unknown>>();
  for (const m of messages) {
    if (m.type !== 'assistant') continue;
    for (const b of m.message.content) {
      if (b.type === 'tool_use' && typeof b.id === 'string' && b.input && typeof b.input === 'object') inputs.set(b.id, b.input);
    }
  }
  // Stream deltas add nothing the complete lines do not carry, and a half-streamed block would export as a fragment.
  const reducer = new TranscriptReducer();
  reducer.applyAll(messages.filter((m) => m.type !== 'stream_event'));
  const out: ExportEntry[] = [];
  for (const item of reducer.items()) {
    const subagent = item.parentToolUseId !== undefined ? { subagent: true } : {};
    switch (item.kind) {
      case 'user':
        out.push({ type: 'user', text: item.text, ...(item.images?.length || item.omittedImages ? { images: (item.images?.length ?? 0) + (item.omittedImages ?? 0) } : {}) });
        break;
      case 'assistant':
        if (item.text.trim()) out.push({ type: 'assistant', text: item.text, ...subagent });
        break;
      case 'tool':
        out.push({
          type: 'tool',
          id: item.toolUseId,
          name: item.name,
          summary: item.summary,
          input: inputs.get(item.toolUseId) ?? {},
          status: item.status,
          ...(item.result !== undefined ? { result: item.result } : {}),
          ...(item.resultTruncated ? { resultTruncated: true } : {}),
          ...subagent,
        });
        break;
      case 'footer':
        out.push({ type: 'turn', isError: item.isError, subtype: item.subtype, costUsd: item.costUsd, durationMs: item.durationMs, inputTokens: item.inputTokens, outputTokens: item.outputTokens });
        break;
      case 'error':
        out.push({ type: 'error', message: item.message });
        break;
      case 'interrupted':
      case 'notice':
        out.push({ type: 'note', text: item.text });
        break;
      default:
        // Thinking, permission prompts and retry notices are part of the live view, not of the conversation.
        break;
    }
  }
  return out;
}
