// The chat webview's HTML: a strict CSP with a fresh nonce per render; scripts and styles only from media/dist.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [mediaRoot(extensionUri)] };
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function chatHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const dist = vscode.Uri.joinPath(mediaRoot(extensionUri), 'dist');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'chat.js')).toString();
  const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'chat.css')).toString();
  const src = webview.cspSource;
  const csp = [`default-src 'none'`, `img-src ${src} data:`, `style-src ${src}`, `font-src ${src}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(style)}">
<title>Claude</title>
</head>
<body>
<div id="aicode-chat-root"></div>
<script nonce="${escapeAttr(nonce)}" src="${escapeAttr(script)}"></script>
</body>
</html>`;
}
