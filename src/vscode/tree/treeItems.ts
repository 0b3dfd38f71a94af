import * as vscode from 'vscode';
import { Collapsible, ItemView } from './treeNodes';

const collapsibleStates: Record<Collapsible, vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

/** The vscode.TreeItem for a plain ItemView (built and unit-tested without VS Code). */
export function toTreeItem(view: ItemView): vscode.TreeItem {
  const item = new vscode.TreeItem(view.label, collapsibleStates[view.collapsible]);
  item.id = view.id;
  item.description = view.description;
  if (view.icon) item.iconPath = new vscode.ThemeIcon(view.icon.id, view.icon.color ? new vscode.ThemeColor(view.icon.color) : undefined);
  if (view.tooltipMarkdown) {
    // Untrusted: no command links; theme icons only where our own text put them ($ in titles is escaped).
    const md = new vscode.MarkdownString(view.tooltipMarkdown, true);
    md.isTrusted = false;
    item.tooltip = md;
  }
  item.contextValue = view.contextValue;
  if (view.command) item.command = view.command;
  if (view.accessibilityLabel) item.accessibilityInformation = { label: view.accessibilityLabel };
  return item;
}
