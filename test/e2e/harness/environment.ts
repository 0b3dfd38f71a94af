/** The environment and settings a code-server sandbox runs with. */
import { join } from 'node:path';
import { claudeBin, SANDBOX_MARKER } from './paths';

/**
 * The parent's environment minus anything that could reach a real account or another VS Code
 * (ANTHROPIC_*, CLAUDE_*, VSCODE_* from a VS Code terminal), with a private HOME and XDG dirs, so the
 * CLI's transcripts and code-server's config land in the sandbox.
 */
export function sandboxEnv(o: { home: string; marker: string; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(ANTHROPIC_|CLAUDE_|VSCODE_)/.test(k)) env[k] = v;
  }
  return {
    ...env,
    HOME: o.home,
    XDG_CONFIG_HOME: join(o.home, '.config'),
    XDG_DATA_HOME: join(o.home, '.local', 'share'),
    XDG_CACHE_HOME: join(o.home, '.cache'),
    [SANDBOX_MARKER]: o.marker,
    ...o.extra,
  };
}

/** User settings that keep the workbench quiet and deterministic (no tours, no built-in AI chat, no updates). */
export function defaultUserSettings(workspaceTrust: boolean): Record<string, unknown> {
  return {
    'security.workspace.trust.enabled': workspaceTrust,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'git.openRepositoryInParentFolders': 'never',
  };
}

/** A base URL where nothing listens, for tests that must never reach any API. */
export const DEAD_API_URL = 'http://127.0.0.1:9';

/** Workspace settings pointing the extension at the repo's `claude` and a fake API. */
export function fakeApiWorkspaceSettings(apiUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'aicode.cli.path': claudeBin,
    'aicode.cli.env': { ANTHROPIC_BASE_URL: apiUrl, ANTHROPIC_API_KEY: 'e2e-fake-key', CLAUDE_CODE_MAX_RETRIES: '0', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
    ...extra,
  };
}
