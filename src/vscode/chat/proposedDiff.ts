// "Open diff" for Edit / MultiEdit / Write: the current file on the left, what the tool call would write on the right,
// served by a read-only virtual document provider (nothing is written to disk).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { proposedContent } from '../../core/transcript/proposedContent';

export const ProposedScheme = 'aicode-proposed';
const MaxDocs = 30;

export class ProposedContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }

  /** A new read-only document with this content; the name is shown in the tab. */
  add(fsPath: string, content: string, label: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: ProposedScheme, path: `/${label}/${path.basename(fsPath)}`, query: `n=${++this.counter}&path=${encodeURIComponent(fsPath)}` });
    this.docs.set(uri.toString(), content);
    while (this.docs.size > MaxDocs) this.docs.delete(this.docs.keys().next().value as string);
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
    this.docs.clear();
  }
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Opens the diff; returns an explanation when it cannot (the edit no longer applies, the file is gone, …). */
export async function openProposedDiff(provider: ProposedContentProvider, toolName: string, input: Record<string, unknown>, fsPath: string, preserveFocus: boolean): Promise<string | undefined> {
  const fileUri = vscode.Uri.file(fsPath);
  const current = await readText(fileUri);
  const proposal = proposedContent(toolName, { ...input, file_path: fsPath }, current);
  if (!proposal.ok) return proposal.error;
  const left = current === undefined ? provider.add(fsPath, '', 'new file') : fileUri;
  const right = provider.add(fsPath, proposal.content, 'proposed');
  const title = `${path.basename(fsPath)} ↔ proposed by Claude`;
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus });
  return undefined;
}
