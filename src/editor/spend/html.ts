import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export type SpendMode = 'full' | 'compact';

/** Only the built bundle and the stylesheet may load into the page. */
export const spendResourceRoots = (extensionUri: vscode.Uri): vscode.Uri[] =>
  [vscode.Uri.joinPath(extensionUri, 'media', 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];

export function spendWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: spendResourceRoots(extensionUri) };
}

/** The page's shell: all content is built by the bundle; a fresh crypto nonce per load gates the one script. */
export function spendHtml(webview: vscode.Webview, extensionUri: vscode.Uri, mode: SpendMode): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'dist', 'panel.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style}">
<title>Promptmeter Spend</title>
</head>
<body data-mode="${mode}">
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
