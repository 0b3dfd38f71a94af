import * as vscode from 'vscode';
import { Commands, PermissionModes, Settings } from '../../ids';
import { asCliError } from '../../core/errors/cliError';
import { isPermissionMode } from '../../core/process/sessionConfig';
import { credentialFrom } from '../credentials/secretCredentialStore';
import { Services } from '../services';
import { sessionFrom } from './sessionCommands';

const MODELS = [
  { label: 'Default', description: "Claude Code's default model", value: '' },
  { label: 'sonnet', description: 'Latest Sonnet', value: 'sonnet' },
  { label: 'opus', description: 'Latest Opus', value: 'opus' },
  { label: 'haiku', description: 'Latest Haiku (fast)', value: 'haiku' },
];

export function registerSettingsCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.setCredentials, async () => {
      const kind = await vscode.window.showQuickPick(
        [
          { label: 'Anthropic API key', detail: 'From console.anthropic.com (starts with sk-ant-api…)', id: 'apiKey' },
          { label: 'Claude OAuth token', detail: 'From `claude setup-token` (starts with sk-ant-oat…)', id: 'oauthToken' },
        ],
        { title: 'AICode: Set Credentials', placeHolder: 'Stored in the OS keychain (VS Code SecretStorage), never in settings' },
      );
      if (!kind) return;
      const value = await vscode.window.showInputBox({
        title: kind.label,
        password: true,
        ignoreFocusOut: true,
        prompt: 'Passed to Claude Code through its environment only; never written to settings or logs.',
        validateInput: (v) => (credentialFrom(v) ? undefined : 'Paste the whole key or token, without spaces.'),
      });
      const credential = value ? credentialFrom(value) : undefined;
      if (!credential) return;
      await s.credentials.set({ kind: kind.id as 'apiKey' | 'oauthToken', value: credential.value });
      s.logger.setSecrets([credential.value]);
      s.manager.configChanged();
      void vscode.window.showInformationMessage('AICode: credentials saved. New Claude processes will use them.');
    }),
    vscode.commands.registerCommand(Commands.clearCredentials, async () => {
      await s.credentials.clear();
      s.manager.configChanged();
      void vscode.window.showInformationMessage('AICode: stored credentials removed. Claude Code will use its own sign-in, if any.');
    }),
    vscode.commands.registerCommand(Commands.selectModel, async (arg?: string | { sessionId?: string }) => {
      const session = sessionFrom(s, arg);
      const items = [...MODELS, { label: 'Other…', description: 'Type a model name', value: '\u0000other' }];
      const pick = await vscode.window.showQuickPick(items, { title: session ? `Model for "${session.info.title}"` : 'Model for new sessions' });
      if (!pick) return;
      let model = pick.value;
      if (model === '\u0000other') {
        model = (await vscode.window.showInputBox({ title: 'Model name', validateInput: (v) => (/^[A-Za-z0-9._:\-[\]]+$/.test(v.trim()) ? undefined : 'Letters, digits, . _ : - [ ] only') }))?.trim() ?? '';
        if (!model) return;
      }
      if (session) {
        await session.setModel(model || 'default').catch((err) => void vscode.window.showErrorMessage(`AICode: ${asCliError(err).message}`));
      } else {
        await vscode.workspace.getConfiguration().update(Settings.sessionModel, model, vscode.ConfigurationTarget.Workspace);
      }
    }),
    vscode.commands.registerCommand(Commands.setPermissionMode, async (arg?: string | { sessionId?: string }) => {
      const session = sessionFrom(s, arg);
      const pick = await vscode.window.showQuickPick(
        PermissionModes.map((m) => ({ label: m, picked: session?.info.permissionMode === m })),
        { title: session ? `Permission mode for "${session.info.title}"` : 'Permission mode for new sessions' },
      );
      if (!pick || !isPermissionMode(pick.label)) return;
      if (session) {
        await session.setPermissionMode(pick.label).catch((err) => void vscode.window.showErrorMessage(`AICode: ${asCliError(err).message}`));
      } else {
        await vscode.workspace.getConfiguration().update(Settings.sessionPermissionMode, pick.label, vscode.ConfigurationTarget.Workspace);
      }
    }),
  ];
}
