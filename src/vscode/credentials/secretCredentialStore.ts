import * as vscode from 'vscode';
import { Credential, CredentialStore } from '../../core/process/childEnv';
import { Emitter } from '../../core/util/emitter';

const KEY = 'aicode.credential';

/** The API key or OAuth token, kept in VS Code's SecretStorage (the OS keychain); never in settings or logs. */
export class SecretCredentialStore implements CredentialStore, vscode.Disposable {
  private cached: Credential | undefined | null = null;
  private readonly changed = new Emitter<Credential | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.sub = secrets.onDidChange((e) => {
      if (e.key !== KEY) return;
      this.cached = null;
      void this.get().then((c) => this.changed.fire(c));
    });
  }

  async get(): Promise<Credential | undefined> {
    if (this.cached !== null) return this.cached;
    const raw = await this.secrets.get(KEY);
    this.cached = parse(raw);
    return this.cached;
  }

  async set(credential: Credential): Promise<void> {
    await this.secrets.store(KEY, JSON.stringify(credential));
    this.cached = credential;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(KEY);
    this.cached = undefined;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

function parse(raw: string | undefined): Credential | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Credential;
    if ((v.kind === 'apiKey' || v.kind === 'oauthToken') && typeof v.value === 'string' && v.value) return v;
  } catch {
    // fall through
  }
  return undefined;
}

/** Which kind a pasted secret is: OAuth tokens from `claude setup-token` start with sk-ant-oat. */
export function credentialFrom(value: string): Credential | undefined {
  const v = value.trim();
  if (!v || /\s/.test(v)) return undefined;
  if (v.startsWith('sk-ant-oat')) return { kind: 'oauthToken', value: v };
  return { kind: 'apiKey', value: v };
}
