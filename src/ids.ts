// Every id that package.json also names, declared once. test/unit/ids.test.ts fails if the two disagree.
// No `vscode` import: the check runs in plain Node.

export const Commands = {
  newSession: 'aicode.newSession',
  openChat: 'aicode.openChat',
  askAboutSelection: 'aicode.askAboutSelection',
  resumeSession: 'aicode.resumeSession',
  interrupt: 'aicode.interrupt',
  stopSession: 'aicode.stopSession',
  stopAllSessions: 'aicode.stopAllSessions',
  exportTranscript: 'aicode.exportTranscript',
  showLogs: 'aicode.showLogs',
  showHealth: 'aicode.showHealth',
  setCredentials: 'aicode.setCredentials',
  clearCredentials: 'aicode.clearCredentials',
  selectModel: 'aicode.selectModel',
  setPermissionMode: 'aicode.setPermissionMode',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Registered but not contributed to the palette: used by buttons in the UI (error banners, tree items). */
export const InternalCommands = {
  retryTurn: 'aicode.retryTurn',
  resetBreaker: 'aicode.resetBreaker',
  forkSession: 'aicode.forkSession',
  renameSession: 'aicode.renameSession',
  deleteSessionRecord: 'aicode.deleteSessionRecord',
  openPastSession: 'aicode.openPastSession',
  copyHealthJson: 'aicode.copyHealthJson',
} as const;

/** Internal commands that are also contributed (hidden from the palette) because tree menus can only show those. */
export const ContributedInternalCommands = [InternalCommands.forkSession, InternalCommands.renameSession, InternalCommands.deleteSessionRecord, InternalCommands.openPastSession] as const;

export const Views = {
  container: 'aicode',
  sessions: 'aicode.sessions',
  chat: 'aicode.chat',
} as const;

/** The editor-panel webview type (one panel per session). */
export const ChatPanelViewType = 'aicode.chatPanel';

export const Settings = {
  cliPath: 'aicode.cli.path',
  cliEnv: 'aicode.cli.env',
  cliExtraArgs: 'aicode.cli.extraArgs',
  sessionModel: 'aicode.session.model',
  sessionSystemPrompt: 'aicode.session.systemPrompt',
  sessionAppendSystemPrompt: 'aicode.session.appendSystemPrompt',
  sessionMaxTurns: 'aicode.session.maxTurns',
  sessionPermissionMode: 'aicode.session.permissionMode',
  sessionAllowedTools: 'aicode.session.allowedTools',
  sessionDisallowedTools: 'aicode.session.disallowedTools',
  sessionAdditionalDirectories: 'aicode.session.additionalDirectories',
  sessionMcpConfig: 'aicode.session.mcpConfig',
  poolSize: 'aicode.pool.size',
  poolIdleTimeoutMinutes: 'aicode.pool.idleTimeoutMinutes',
  poolPrime: 'aicode.pool.prime',
  sessionsMaxConcurrent: 'aicode.sessions.maxConcurrent',
  streamMaxLineBytes: 'aicode.stream.maxLineBytes',
  resilienceMaxRetries: 'aicode.resilience.maxRetries',
  resilienceBreakerThreshold: 'aicode.resilience.breakerThreshold',
  resilienceBreakerCooldownSeconds: 'aicode.resilience.breakerCooldownSeconds',
  healthStallSeconds: 'aicode.health.stallSeconds',
  logLevel: 'aicode.log.level',
  notificationsEnabled: 'aicode.notifications.enabled',
  demoMode: 'aicode.demoMode',
} as const;
export type SettingId = (typeof Settings)[keyof typeof Settings];

/** Context keys set with `setContext` and used in package.json `when` clauses. */
export const ContextKeys = {
  turnRunning: 'aicode.turnRunning',
  hasSessions: 'aicode.hasSessions',
  permissionPending: 'aicode.permissionPending',
} as const;

export const PermissionModes = ['default', 'acceptEdits', 'plan', 'bypassPermissions', 'dontAsk'] as const;
export type PermissionMode = (typeof PermissionModes)[number];

export const LogLevels = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LogLevels)[number];
