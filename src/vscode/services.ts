import * as vscode from 'vscode';
import { SessionManager } from '../core/session/sessionManager';
import { CliEnvironment } from '../core/session/cliEnvironment';
import { SettingsReader } from './config/settingsReader';
import { SecretCredentialStore } from './credentials/secretCredentialStore';
import { SessionStatsTracker } from './health/sessionStats';
import { ChannelLogger } from './logging/channelLogger';
import { ActiveSession } from './session/activeSession';

/**
 * What the adapters share, built once by the composition root (extension.ts) — one context object owning the
 * extension-lifetime pieces, as rust-analyzer's client does. Adapters receive it; nothing is a global singleton.
 */
export interface Services {
  context: vscode.ExtensionContext;
  manager: SessionManager;
  active: ActiveSession;
  logger: ChannelLogger;
  settings: SettingsReader;
  credentials: SecretCredentialStore;
  /** Per-session process history (restarts, errors), watched since activation: the health view and the API show it. */
  sessionStats: SessionStatsTracker;
  /** The CLI found at start-up (or the error that explains why not). */
  cliStatus(): { env?: CliEnvironment; error?: Error };
  /** Opens the chat on a session: its editor panel, or the sidebar view when `where` is 'sidebar'. */
  showChat(sessionId: string | undefined, where?: 'panel' | 'sidebar'): Promise<void>;
  isTrusted(): boolean;
}
