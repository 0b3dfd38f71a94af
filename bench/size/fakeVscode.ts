/**
 * A minimal stand-in for the `vscode` module, enough for the extension's activate() to run in plain Node: the parts
 * activation reads are real (configuration defaults, memento, secrets, event emitters, Uri), anything else is an
 * inert proxy that accepts any call and returns a disposable-looking object.
 */
import Module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type AnyFn = (...args: unknown[]) => unknown;

/** A proxy that is callable, constructible and has every property (each again such a proxy). */
export function inert(name = 'vscode'): unknown {
  const target = function () {
    /* inert */
  } as unknown as AnyFn;
  const assigned = new Map<string | symbol, unknown>();
  return new Proxy(target, {
    set(_t, prop, value) {
      assigned.set(prop, value);
      return true;
    },
    get(_t, prop) {
      if (assigned.has(prop)) return assigned.get(prop);
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => 0;
      if (prop === Symbol.iterator) return function* () {
        /* empty */
      };
      if (prop === 'dispose') return () => undefined;
      return inert(`${name}.${String(prop)}`);
    },
    apply: () => inert(`${name}()`),
    construct: () => inert(`new ${name}`) as object,
  });
}

class Disposable {
  constructor(private readonly fn?: () => void) {}
  static from(...ds: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
  dispose(): void {
    this.fn?.();
  }
}

class EventEmitter<T> {
  private listeners = new Set<(e: T) => void>();
  event = (l: (e: T) => void): Disposable => {
    this.listeners.add(l);
    return new Disposable(() => this.listeners.delete(l));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Uri {
  constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  get path(): string {
    return this.fsPath;
  }
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static parse(s: string): Uri {
    return new Uri(s.split(':')[0] ?? 'file', s.replace(/^file:\/\//, ''));
  }
  static from(c: { scheme: string; path?: string }): Uri {
    return new Uri(c.scheme, c.path ?? '/');
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, join(base.fsPath, ...parts));
  }
  with(): Uri {
    return this;
  }
  toString(): string {
    return pathToFileURL(this.fsPath).href;
  }
}

class Memento {
  private data = new Map<string, unknown>();
  get<T>(key: string, def?: T): T | undefined {
    return (this.data.has(key) ? this.data.get(key) : def) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.data.set(key, value);
    return Promise.resolve();
  }
  keys(): string[] {
    return [...this.data.keys()];
  }
  setKeysForSync(): void {
    /* no sync */
  }
}

/** Namespaces, classes and enums of the API (a superset of what src/ uses). */
const VSCODE_NAMES = [
  'commands', 'window', 'workspace', 'env', 'extensions', 'languages', 'l10n', 'authentication', 'tasks', 'debug', 'scm', 'tests', 'chat', 'lm',
  'ConfigurationTarget', 'FileType', 'MarkdownString', 'Position', 'Range', 'Selection', 'StatusBarAlignment', 'ThemeColor', 'ThemeIcon', 'TreeItem',
  'TreeItemCollapsibleState', 'ViewColumn', 'ProgressLocation', 'QuickPickItemKind', 'DiagnosticSeverity', 'CancellationTokenSource', 'RelativePattern',
  'TextEdit', 'WorkspaceEdit', 'TabInputText', 'TabInputTextDiff', 'TabInputWebview', 'UIKind', 'ExtensionMode', 'LogLevel', 'ColorThemeKind',
  'TextEditorRevealType', 'EndOfLine', 'FileSystemError', 'CodeLens', 'Hover', 'Location', 'Diagnostic',
];

export interface FakeHost {
  vscode: Record<string, unknown>;
  context: Record<string, unknown>;
  logLines: string[];
}

export function makeFakeVscode(extensionRoot: string, storageRoot: string): FakeHost {
  const logLines: string[] = [];
  const channel = (): unknown => {
    const log = (level: string) => (msg: unknown) => void logLines.push(`${level} ${String(msg)}`);
    return new Proxy(
      { trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), appendLine: log('line'), append: log('line'), logLevel: 2, onDidChangeLogLevel: new EventEmitter<number>().event, show: () => undefined, dispose: () => undefined },
      { get: (t, p) => (p in t ? (t as Record<string | symbol, unknown>)[p] : inert(`channel.${String(p)}`)) },
    );
  };
  const configuration = { get: (_k: string, d?: unknown) => d, has: () => false, inspect: () => undefined, update: () => Promise.resolve() };
  const overrides: Record<string, Record<string, unknown>> = {
    workspace: {
      getConfiguration: () => configuration,
      isTrusted: true,
      workspaceFolders: undefined,
      textDocuments: [],
      onDidChangeConfiguration: new EventEmitter().event,
      onDidGrantWorkspaceTrust: new EventEmitter().event,
      onDidChangeWorkspaceFolders: new EventEmitter().event,
    },
    window: { createOutputChannel: channel, activeTextEditor: undefined },
  };
  const vscode: Record<string, unknown> = { Disposable, EventEmitter, Uri, version: '1.82.0' };
  for (const [name, o] of Object.entries(overrides)) vscode[name] = new Proxy(o, { get: (x, q: string) => (q in x ? x[q] : inert(`vscode.${name}.${q}`)) });
  // Bundlers copy the module's own keys (esbuild's __toESM), so every name the extension reads must be an own key.
  for (const name of VSCODE_NAMES) if (!(name in vscode)) vscode[name] = inert(`vscode.${name}`);
  const secrets = { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: new EventEmitter().event };
  const context = {
    subscriptions: [] as { dispose(): unknown }[],
    secrets,
    workspaceState: new Memento(),
    globalState: new Memento(),
    extensionUri: Uri.file(extensionRoot),
    extensionPath: extensionRoot,
    globalStorageUri: Uri.file(join(storageRoot, 'global')),
    storageUri: Uri.file(join(storageRoot, 'workspace')),
    logUri: Uri.file(join(storageRoot, 'log')),
    extensionMode: 1,
    asAbsolutePath: (p: string) => join(extensionRoot, p),
  };
  return { vscode, context, logLines };
}

/** Makes `require('vscode')` return `fake` in this process. */
export function installVscode(fake: unknown): void {
  const M = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
  const original = M._resolveFilename;
  const key = '\0fake-vscode';
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? key : original.call(this, request, ...rest);
  };
  M._cache[key] = { id: key, filename: key, loaded: true, exports: fake };
}
