// What the chat asks VS Code to do on the person's behalf. Every argument comes from the webview (validated for
// shape by the protocol) and ultimately from model output, so each action checks what it is given.
import * as vscode from 'vscode';
import type { MentionCandidate } from '../../protocol/chatProtocol';
import { isExternalLink } from '../../protocol/chatProtocol';
import type { Logger } from '../../core/util/logger';
import { FileMentions } from './fileMentions';
import { resolveAllowedPath } from './pathPolicy';
import { openProposedDiff, ProposedContentProvider, ProposedScheme } from './proposedDiff';

/** Code fence names to VS Code language ids (only where they differ). */
const languageIds: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  jsx: 'javascriptreact',
  py: 'python',
  sh: 'shellscript',
  bash: 'shellscript',
  shell: 'shellscript',
  zsh: 'shellscript',
  yml: 'yaml',
  md: 'markdown',
  rs: 'rust',
  cs: 'csharp',
  'c++': 'cpp',
  golang: 'go',
};

/** An action's outcome: undefined when done, else a message for the chat's banner. */
export type ActionResult = string | undefined;

export class ChatActions implements vscode.Disposable {
  private readonly proposed = new ProposedContentProvider();
  private readonly mentions = new FileMentions();
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subs: vscode.Disposable[];

  constructor(private readonly logger: Logger) {
    this.subs = [
      vscode.workspace.registerTextDocumentContentProvider(ProposedScheme, this.proposed),
      this.proposed,
      // A focused webview panel is not a text editor: remember the last one for "Insert at cursor".
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && e.document.uri.scheme !== ProposedScheme) this.lastEditor = e;
      }),
    ];
  }

  private roots(sessionFolder: string | undefined): string[] {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    return sessionFolder ? [sessionFolder, ...folders.filter((f) => f !== sessionFolder)] : folders;
  }

  async openFile(input: string, line: number | undefined, sessionFolder: string | undefined): Promise<ActionResult> {
    const resolved = await resolveAllowedPath(input, this.roots(sessionFolder));
    if (!resolved.ok) {
      this.logger.warn(`chat: refused to open ${JSON.stringify(input)}: ${resolved.reason}`);
      return resolved.reason;
    }
    if (!resolved.exists) return `${input} does not exist.`;
    const uri = vscode.Uri.file(resolved.fsPath);
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) {
      await vscode.commands.executeCommand('revealInExplorer', uri);
      return undefined;
    }
    const at = line !== undefined ? new vscode.Position(Math.max(0, line - 1), 0) : undefined;
    await vscode.window.showTextDocument(uri, { preview: true, ...(at ? { selection: new vscode.Range(at, at) } : {}) });
    return undefined;
  }

  async openDiff(toolName: string, input: Record<string, unknown>, sessionFolder: string | undefined, preserveFocus: boolean): Promise<ActionResult> {
    const filePath = input.file_path;
    if (typeof filePath !== 'string') return 'This tool call names no file.';
    const resolved = await resolveAllowedPath(filePath, this.roots(sessionFolder));
    if (!resolved.ok) return resolved.reason;
    return openProposedDiff(this.proposed, toolName, input, resolved.fsPath, preserveFocus);
  }

  async insertCode(code: string): Promise<ActionResult> {
    const editor = vscode.window.activeTextEditor ?? this.lastEditor;
    if (!editor || editor.document.isClosed) return 'Open a file first: the code is inserted at its cursor.';
    const ok = await editor.edit((b) => {
      for (const sel of editor.selections) b.replace(sel, code);
    });
    if (!ok) return 'The editor did not accept the insertion.';
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    return undefined;
  }

  async newFileWithCode(code: string, language: string | undefined): Promise<ActionResult> {
    const known = await vscode.languages.getLanguages();
    const wanted = language ? (languageIds[language.toLowerCase()] ?? language.toLowerCase()) : undefined;
    const doc = await vscode.workspace.openTextDocument({ content: code, ...(wanted && known.includes(wanted) ? { language: wanted } : {}) });
    await vscode.window.showTextDocument(doc, { preview: false });
    return undefined;
  }

  async copy(text: string): Promise<ActionResult> {
    await vscode.env.clipboard.writeText(text);
    return undefined;
  }

  async openLink(href: string): Promise<ActionResult> {
    if (!isExternalLink(href)) {
      this.logger.warn(`chat: refused to open the link ${JSON.stringify(href.slice(0, 200))}`);
      return 'Only http and https links can be opened.';
    }
    await vscode.env.openExternal(vscode.Uri.parse(href, true));
    return undefined;
  }

  searchFiles(query: string): Promise<MentionCandidate[]> {
    return this.mentions.search(query);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
