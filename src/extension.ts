// The one composition root: builds the core, then the adapters, and returns the public API.
import * as vscode from 'vscode';
import { Settings } from './ids';
import { CliError } from './core/errors/cliError';
import { CliEnvironment, resolveCliEnvironment } from './core/session/cliEnvironment';
import { SessionManager } from './core/session/sessionManager';
import { reapOrphans } from './core/process/orphanReaper';
import { SettingsReader } from './vscode/config/settingsReader';
import { SecretCredentialStore } from './vscode/credentials/secretCredentialStore';
import { ChannelLogger } from './vscode/logging/channelLogger';
import { ActiveSession } from './vscode/session/activeSession';
import { WorkspaceSessionStore } from './vscode/session/workspaceSessionStore';
import { folderRef } from './vscode/session/folderPicker';
import { registerSessionCommands } from './vscode/commands/sessionCommands';
import { registerSettingsCommands } from './vscode/commands/settingsCommands';
import { createPublicApi, AICodeApi } from './vscode/api/publicApi';
import { SessionStatsTracker, watchSessionStats } from './vscode/health/sessionStats';
import { registerViews } from './vscode/views';
import { Services } from './vscode/services';

let shutdown: (() => Promise<void>) | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<AICodeApi> {
  const started = Date.now();
  const logger = new ChannelLogger();
  context.subscriptions.push(logger);
  const settings = new SettingsReader(logger);
  logger.setLevel(settings.logLevel());
  const credentials = new SecretCredentialStore(context.secrets);
  context.subscriptions.push(credentials);
  const stored = await credentials.get();
  if (stored) logger.setSecrets([stored.value]);

  let cli: { env?: CliEnvironment; error?: Error; promise?: Promise<CliEnvironment> } = {};
  const resolveCli = (): Promise<CliEnvironment> => {
    if (!vscode.workspace.isTrusted) return Promise.reject(new CliError('untrusted', 'This workspace is not trusted, so AICode starts no Claude process here.', {}, { label: 'Manage Workspace Trust', command: 'workbench.trust.manage' }));
    cli.promise ??= resolveCliEnvironment(settings.cliPath(), process.env).then(
      (env) => {
        cli = { ...cli, env, error: undefined };
        logger.info(`Claude Code ${env.features.version.raw} at ${env.binary} (${env.source})`);
        return env;
      },
      (err: Error) => {
        cli = { error: err };
        logger.error(`Claude Code CLI: ${err.message}`);
        throw err;
      },
    );
    return cli.promise;
  };

  const manager = new SessionManager({
    launch: {
      cli: resolveCli,
      credential: () => credentials.get(),
      extraEnv: () => settings.cliEnv(),
      baseEnv: process.env,
      maxLineBytes: () => settings.maxLineBytes(),
      stallMs: () => settings.stallMs(),
      logger,
    },
    settings: () => settings.managerSettings(),
    configFor: (folder) => settings.sessionConfig(vscode.Uri.file(folder.fsPath)),
    store: new WorkspaceSessionStore(context.workspaceState),
    logger,
    demo: () => settings.demoMode(),
  });
  shutdown = () => manager.shutdown();

  void reapOrphans().then(({ killed }) => {
    if (killed.length) logger.warn(`Ended ${killed.length} process(es) left behind by an extension host that died: ${killed.map((k) => k.pid).join(', ')}`);
  });
  // Before the views: a restored session's history must be in place when its chat first attaches.
  await manager.restore().catch((err: Error) => logger.warn(`Could not restore sessions: ${err.message}`));

  const active = new ActiveSession(manager);
  const sessionStats = new SessionStatsTracker();
  context.subscriptions.push(active, ...watchSessionStats(manager, sessionStats));

  const services: Services = {
    context,
    manager,
    active,
    logger,
    settings,
    credentials,
    sessionStats,
    cliStatus: () => ({ env: cli.env, error: cli.error }),
    showChat: async () => undefined,
    isTrusted: () => vscode.workspace.isTrusted,
  };
  const views = registerViews(services);
  services.showChat = views.showChat;
  context.subscriptions.push(...views.disposables, ...registerSessionCommands(services), ...registerSettingsCommands(services));

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.logLevel)) logger.setLevel(settings.logLevel());
      if (e.affectsConfiguration(Settings.cliPath)) cli = {};
      if (e.affectsConfiguration('aicode')) {
        manager.configChanged();
        warmFolders(services);
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => warmFolders(services)),
    vscode.workspace.onDidChangeWorkspaceFolders(() => warmFolders(services)),
  );

  warmFolders(services);
  logger.info(`Activated in ${Date.now() - started} ms`);
  return createPublicApi(services);
}

/** Keeps a warm process per folder, only where Claude may run (trusted workspace, CLI found). */
function warmFolders(s: Services): void {
  if (!s.isTrusted()) return;
  for (const folder of vscode.workspace.workspaceFolders ?? []) s.manager.warm(folderRef(folder));
}

export async function deactivate(): Promise<void> {
  // Awaited by VS Code: every child process (sessions and pool) is ended before the host goes away.
  await shutdown?.();
  shutdown = undefined;
}
