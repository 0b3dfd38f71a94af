import * as vscode from 'vscode';
import { Session } from '../../core/session/session';
import { SessionManager } from '../../core/session/sessionManager';
import { Emitter } from '../../core/util/emitter';

/** Which session commands like Interrupt act on: the one whose chat was focused last, else the latest active. */
export class ActiveSession implements vscode.Disposable {
  private id: string | undefined;
  private readonly changed = new Emitter<string | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly sub: { dispose(): void };

  constructor(private readonly manager: SessionManager) {
    this.sub = manager.onDidChangeSessions(() => {
      if (this.id && !manager.get(this.id)) this.set(undefined);
    });
  }

  get(): Session | undefined {
    const chosen = this.id ? this.manager.get(this.id) : undefined;
    if (chosen) return chosen;
    return [...this.manager.list()].sort((a, b) => b.info.lastActiveAt - a.info.lastActiveAt)[0];
  }

  getId(): string | undefined {
    return this.get()?.id;
  }

  set(id: string | undefined): void {
    if (id === this.id) return;
    this.id = id;
    this.changed.fire(id);
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
