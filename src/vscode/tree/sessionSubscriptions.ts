// Per-session listeners that follow the manager's list: attached when a session appears, disposed when it goes.
// Used by the tree and the notifications. No `vscode` import.
import { Disposable, DisposableStore } from '../../core/util/disposable';
import { Event } from '../../core/util/emitter';

export interface SessionSource<S extends { readonly id: string }> {
  list(): S[];
  onDidChangeSessions: Event<void>;
}

export class SessionSubscriptions<S extends { readonly id: string }> implements Disposable {
  private readonly perSession = new Map<string, Disposable>();
  private readonly listSub: Disposable;

  constructor(
    private readonly source: SessionSource<S>,
    private readonly attach: (session: S, store: DisposableStore) => void,
    private readonly detached: (id: string) => void = () => undefined,
  ) {
    this.listSub = source.onDidChangeSessions(() => this.sync());
    this.sync();
  }

  sync(): void {
    const live = new Map(this.source.list().map((s) => [s.id, s]));
    for (const [id, d] of [...this.perSession]) {
      if (live.has(id)) continue;
      d.dispose();
      this.perSession.delete(id);
      this.detached(id);
    }
    for (const [id, session] of live) {
      if (this.perSession.has(id)) continue;
      const store = new DisposableStore();
      this.perSession.set(id, store);
      this.attach(session, store);
    }
  }

  dispose(): void {
    this.listSub.dispose();
    for (const d of this.perSession.values()) d.dispose();
    this.perSession.clear();
  }
}
