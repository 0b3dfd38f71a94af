// The child's environment. Secrets come from the credential store and travel only here: never in args, never logged.

/** Variables that would make the CLI misbehave when inherited from the extension host. */
const STRIPPED = ['NODE_OPTIONS', 'VSCODE_INSPECTOR_OPTIONS', 'CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT', 'ELECTRON_RUN_AS_NODE'];

export type Credential = { kind: 'apiKey'; value: string } | { kind: 'oauthToken'; value: string };

/** Supplies the stored credential, if any; the VS Code adapter backs it with SecretStorage. */
export interface CredentialStore {
  get(): Promise<Credential | undefined>;
}

/** Marks every process of one CLI run, so its whole tree can be found again, even after the CLI dies (processTree.ts). */
export const PROCESS_MARKER_VAR = 'AICODE_PROCESS_ID';
/** The extension host that started the run: lets a later host reap what a crashed one left behind (orphanReaper.ts). */
export const HOST_PID_VAR = 'AICODE_HOST_PID';

export interface ChildEnvOptions {
  base: NodeJS.ProcessEnv;
  /** `aicode.cli.env`. */
  extra?: Readonly<Record<string, string>>;
  credential?: Credential;
  marker: string;
}

export function buildChildEnv(options: ChildEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.base)) {
    if (v !== undefined && !STRIPPED.includes(k)) env[k] = v;
  }
  for (const [k, v] of Object.entries(options.extra ?? {})) {
    if (typeof v === 'string' && isEnvName(k)) env[k] = v;
  }
  // A name of our own: `claude-vscode` would make the CLI ignore ANTHROPIC_API_KEY (protocol notes §0).
  env.CLAUDE_CODE_ENTRYPOINT = 'aicode-manager';
  if (options.credential?.kind === 'apiKey') env.ANTHROPIC_API_KEY = options.credential.value;
  if (options.credential?.kind === 'oauthToken') env.CLAUDE_CODE_OAUTH_TOKEN = options.credential.value;
  env[PROCESS_MARKER_VAR] = options.marker;
  env[HOST_PID_VAR] = String(process.pid);
  return env;
}

export function isEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
