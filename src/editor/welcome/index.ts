import * as vscode from 'vscode';

/** The walkthrough's example, shipped in the VSIX (media/walkthrough/**). */
export const EXAMPLE = ['media', 'walkthrough', 'trip-planner.prompty'] as const;

/**
 * "Promptmeter: Open Example Prompt": the walkthrough's example as a new untitled Prompty editor, so nothing is
 * written to the user's workspace. Beside the Get Started page when that is what is active, so both stay in view.
 */
export async function openExample(extensionUri: vscode.Uri): Promise<vscode.TextEditor> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...EXAMPLE));
  const document = await vscode.workspace.openTextDocument({ language: 'prompty', content: Buffer.from(bytes).toString('utf8') });
  const besideNonText = !!vscode.window.tabGroups.activeTabGroup.activeTab && !vscode.window.activeTextEditor;
  return vscode.window.showTextDocument(document, { viewColumn: besideNonText ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preview: false });
}

export function registerWelcome(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand('promptmeter.openExample', () => openExample(context.extensionUri).then(() => undefined));
}
