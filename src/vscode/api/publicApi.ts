import * as vscode from 'vscode';
import { SessionHandle, SessionInfo } from '../../core/session/sessionTypes';
import { Services } from '../services';
import { folderRef } from '../session/folderPicker';
import { healthSnapshot, HealthSnapshot } from '../health/healthSnapshot';

/**
 * The API other extensions get from `vscode.extensions.getExtension('aicode.aicode-manager').activate()`.
 * Versioned: fields are only added within a major version; a breaking change bumps `version`.
 */
export interface AICodeApi {
  readonly version: 1;
  listSessions(): SessionInfo[];
  getSession(id: string): SessionHandle | undefined;
  /** Creates a session in a workspace folder (the first one when omitted). Untrusted workspaces refuse. */
  createSession(options?: { folder?: vscode.Uri; model?: string; permissionMode?: SessionInfo['permissionMode'] }): SessionHandle;
  readonly onDidChangeSessions: vscode.Event<void>;
  health(): Promise<HealthSnapshot>;
}

export function createPublicApi(s: Services): AICodeApi {
  return {
    version: 1,
    listSessions: () => s.manager.list().map((x) => x.info),
    getSession: (id) => s.manager.get(id),
    createSession: (options = {}) => {
      if (!s.isTrusted()) throw new Error('AICode starts no Claude process in an untrusted workspace.');
      const wf = options.folder ? vscode.workspace.getWorkspaceFolder(options.folder) : vscode.workspace.workspaceFolders?.[0];
      if (!wf) throw new Error('No workspace folder to run Claude in.');
      return s.manager.create({ folder: folderRef(wf), overrides: { model: options.model, permissionMode: options.permissionMode } });
    },
    onDidChangeSessions: (listener, thisArg, disposables) => {
      const d = s.manager.onDidChangeSessions(() => listener.call(thisArg));
      disposables?.push(d);
      return d;
    },
    health: () => healthSnapshot(s, s.sessionStats),
  };
}
