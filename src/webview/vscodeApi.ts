// The one handle on the VS Code webview API: typed posting and the state that survives hide/restore
// (retainContextWhenHidden is off, so the page is rebuilt from this state plus the host's snapshot).
import type { WebviewMessage } from '../protocol/chatProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

export interface PersistedState {
  v: 1;
  sessionId?: string;
  draft: string;
  history: string[];
  /** Ids of thinking blocks and tool outputs the person opened. */
  expanded: string[];
  /** Following the stream, or the item at the top of the viewport and how far it was scrolled into. */
  stick: boolean;
  anchorId?: string;
  anchorOffset?: number;
}

const empty: PersistedState = { v: 1, draft: '', history: [], expanded: [], stick: true };

export function loadState(): PersistedState {
  const s = api.getState() as Partial<PersistedState> | undefined;
  if (!s || s.v !== 1) return { ...empty };
  return {
    ...empty,
    ...s,
    history: Array.isArray(s.history) ? s.history.filter((x) => typeof x === 'string').slice(-100) : [],
    expanded: Array.isArray(s.expanded) ? s.expanded.filter((x) => typeof x === 'string').slice(-500) : [],
  };
}

let pending: PersistedState | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Saves soon (coalesced): setState serialises the whole object, so not on every keystroke. */
export function saveState(state: PersistedState): void {
  pending = state;
  if (timer !== undefined) return;
  timer = setTimeout(flushState, 200);
}

export function flushState(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  if (pending) api.setState(pending);
  pending = undefined;
}
