// SessionInfo (core) -> SessionView (what the webview header shows).
import type { SessionView } from '../../protocol/chatProtocol';
import type { SessionInfo } from '../../core/session/sessionTypes';

export function toSessionView(info: SessionInfo): SessionView {
  return {
    id: info.id,
    title: info.title,
    folderName: info.folder.name,
    folderPath: info.folder.fsPath,
    ...(info.model ? { model: info.model } : {}),
    permissionMode: info.permissionMode,
    state: info.state,
    ...(info.stateReason ? { stateReason: info.stateReason } : {}),
    demo: info.demo === true,
    costUsd: info.costUsd,
    inputTokens: info.inputTokens,
    outputTokens: info.outputTokens,
    turns: info.turns,
    queue: info.queue.map((q) => ({ id: q.id, text: q.text, imageCount: q.images.length })),
    ...(info.lastError ? { lastError: { kind: info.lastError.kind, message: info.lastError.message, ...(info.lastError.action ? { actionLabel: info.lastError.action.label } : {}) } } : {}),
  };
}
