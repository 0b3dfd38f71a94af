// What the chat needs from the rest of the extension. The composition root implements it (over the SessionManager);
// the chat never creates or finds sessions any other way.
import type { SessionHandle } from '../../core/session/sessionTypes';
import type { Event } from '../../core/util/emitter';

export interface ChatHost {
  getSession(id: string): SessionHandle | undefined;
  /** The session the sidebar chat shows (the one last opened, created or focused). */
  activeSessionId(): string | undefined;
  readonly onDidChangeActive: Event<string | undefined>;
  /** Starts a session in the current workspace folder and makes it active; used when the person types a first prompt. */
  createSession(): Promise<SessionHandle>;
  /**
   * Optional: the parsed lines of a resumed conversation's transcript file (~/.claude/projects/<escaped cwd>/<id>.jsonl),
   * so the chat shows what was said before this process started. Lines also seen on stdout are not shown twice.
   */
  loadHistory?(sessionId: string): Promise<readonly unknown[]>;
  /** Optional: models offered in the header's picker (aliases or full names). */
  modelChoices?(): readonly string[];
}

export const defaultModelChoices: readonly string[] = ['sonnet', 'opus', 'haiku'];
