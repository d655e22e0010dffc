import type * as vscode from 'vscode';
import { shellHtml, webviewOptions } from '../webview/shell';
import { spendSkeleton } from './skeleton';

export type SpendMode = 'full' | 'compact';

export const spendWebviewOptions = webviewOptions;

/** The spend page: the panel and the sidebar load the same bundle, told apart by <body data-mode>; a skeleton until data. */
export function spendHtml(webview: vscode.Webview, extensionUri: vscode.Uri, mode: SpendMode): string {
  return shellHtml(webview, extensionUri, { title: 'Promptmeter Spend', styles: ['panel.css'], script: 'panel.js', body: { 'data-mode': mode }, placeholder: spendSkeleton(mode) });
}
