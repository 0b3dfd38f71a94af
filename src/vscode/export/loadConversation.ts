// Where an export's messages come from: the CLI's own transcript file (complete, survives reloads), else the messages
// this window saw. No `vscode` import.
import { readTranscript, transcriptPath } from '../../core/history/transcripts';
import { CliMessage } from '../../core/stream/cliMessages';
import { FolderRef, SessionInfo } from '../../core/session/sessionTypes';
import { ExportMeta } from './formatTranscript';

/** What the export command was given: a live session, or a past conversation (a tree row or a command argument). */
export type ExportSource =
  | { kind: 'session'; info: SessionInfo; messages: () => readonly CliMessage[] }
  | { kind: 'past'; cliSessionId: string; folder: FolderRef; title: string };

export interface LoadedConversation {
  meta: ExportMeta;
  messages: readonly CliMessage[];
  from: 'transcript' | 'session';
}

export async function loadConversation(source: ExportSource, now: Date, read: (file: string) => Promise<CliMessage[]> = readTranscript): Promise<LoadedConversation> {
  if (source.kind === 'past') {
    const messages = await read(transcriptPath(source.folder.fsPath, source.cliSessionId));
    return { meta: { title: source.title, folder: source.folder.fsPath, cliSessionId: source.cliSessionId, exportedAt: now.toISOString() }, messages, from: 'transcript' };
  }
  const i = source.info;
  const meta: ExportMeta = {
    title: i.title,
    folder: i.folder.fsPath,
    cliSessionId: i.cliSessionId,
    model: i.model,
    exportedAt: now.toISOString(),
    totals: { costUsd: i.costUsd, inputTokens: i.inputTokens, outputTokens: i.outputTokens, turns: i.turns },
  };
  const fromFile = i.cliSessionId ? await read(transcriptPath(i.folder.fsPath, i.cliSessionId)) : [];
  if (fromFile.length > 0) {
    // The file has no `result` lines; the live log does. Keep its turn footers (costs) by appending them in order.
    return { meta, messages: withResults(fromFile, source.messages()), from: 'transcript' };
  }
  return { meta, messages: source.messages(), from: 'session' };
}

/**
 * Interleaves the live log's `result` lines into the file's messages, each after the last message its turn
 * produced (matched by uuid, which the CLI keeps the same on stdout and in the file). Results whose turn is not in the
 * file are dropped rather than misplaced.
 */
export function withResults(fromFile: readonly CliMessage[], live: readonly CliMessage[]): CliMessage[] {
  const afterUuid = new Map<string, CliMessage[]>();
  let lastUuid: string | undefined;
  for (const m of live) {
    if (m.type === 'result') {
      if (lastUuid) afterUuid.set(lastUuid, [...(afterUuid.get(lastUuid) ?? []), m]);
    } else if ((m.type === 'assistant' || m.type === 'user') && m.uuid) lastUuid = m.uuid;
  }
  const out: CliMessage[] = [];
  for (const m of fromFile) {
    out.push(m);
    const uuid = (m.type === 'assistant' || m.type === 'user') && m.uuid ? m.uuid : undefined;
    if (uuid && afterUuid.has(uuid)) out.push(...(afterUuid.get(uuid) ?? []));
  }
  return out;
}
