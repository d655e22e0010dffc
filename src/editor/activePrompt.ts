import * as vscode from 'vscode';

/**
 * The document a command run without an argument acts on: the active editor's; when no text editor is active
 * (the Get Started page or a webview has the focus, e.g. a walkthrough button was clicked), the first visible
 * editor that holds a prompt.
 */
export function activeOrVisiblePrompt(isPrompt: (d: vscode.TextDocument) => boolean): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active) return active;
  return vscode.window.visibleTextEditors.map((e) => e.document).find(isPrompt);
}
