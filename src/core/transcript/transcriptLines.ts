// Lines of the CLI's transcript files (~/.claude/projects/<escaped cwd>/<session id>.jsonl, claude-cli-protocol.md §5)
// as the stream messages the reducer already understands. The user/assistant lines have the stdout shapes plus extra
// fields (parentUuid, isSidechain, isMeta, toolUseResult, …); every other line type (queue-operation, attachment,
// last-prompt, mode, summary, file-history-snapshot, …) carries nothing to show and is skipped.
import { AssistantMessage, CliMessage, SystemMessage, UserMessage } from '../stream/cliMessages';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A transcript line as a CliMessage, or undefined when it is something the chat does not show. */
export function transcriptLineToMessage(line: unknown): CliMessage | undefined {
  if (!isRecord(line) || line.isSidechain === true) return undefined;
  const message = line.message;
  switch (line.type) {
    case 'user': {
      if (!isRecord(message) || message.role !== 'user') return undefined;
      if (typeof message.content !== 'string' && !Array.isArray(message.content)) return undefined;
      return line as unknown as UserMessage;
    }
    case 'assistant': {
      if (!isRecord(message) || typeof message.id !== 'string' || !Array.isArray(message.content)) return undefined;
      // The file marks the synthetic API-error reply with isApiErrorMessage where stdout has a top-level `error`.
      if (line.isApiErrorMessage === true && typeof line.error !== 'string') return { ...(line as unknown as AssistantMessage), error: 'api_error' };
      return line as unknown as AssistantMessage;
    }
    case 'system':
      return typeof line.subtype === 'string' ? (line as unknown as SystemMessage) : undefined;
    default:
      return undefined;
  }
}

/** Parses the text of a transcript file; malformed lines (a torn last line after a crash) are skipped. */
export function parseTranscriptText(text: string): CliMessage[] {
  const out: CliMessage[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      continue;
    }
    const msg = transcriptLineToMessage(value);
    if (msg) out.push(msg);
  }
  return out;
}
