import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Only the built bundles and the stylesheets may load into a Promptmeter page. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true, enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media', 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export interface ShellPage {
  title: string;
  /** Stylesheets under media/, e.g. `panel.css`. */
  styles: string[];
  /** The page's one script, under media/dist/, e.g. `panel.js`. */
  script: string;
  /** Attributes of <body>, e.g. `{ 'data-mode': 'compact' }`. */
  body?: Record<string, string>;
  /** Static markup painted before the script runs (a loading skeleton); the extension's own, never data. */
  placeholder?: string;
}

/**
 * A page's HTML shell: all content is built by its bundle. The CSP lets in only that one script, gated by a fresh
 * crypto nonce per load, and styles, fonts and images from the extension.
 */
export function shellHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: ShellPage): string {
  const nonce = randomBytes(16).toString('base64');
  const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', ...p));
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`].join('; ');
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const body = Object.entries(page.body ?? {}).map(([k, v]) => ` ${k}="${attr(v)}"`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${page.styles.map((s) => `<link rel="stylesheet" href="${uri(s)}">`).join('\n')}
<title>${attr(page.title)}</title>
</head>
<body${body}>
${page.placeholder ?? ''}
<script nonce="${nonce}" src="${uri('dist', page.script)}"></script>
</body>
</html>`;
}
