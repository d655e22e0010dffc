import * as vscode from 'vscode';

/** The walkthrough's example, shipped in the VSIX (media/walkthrough/**). */
export const EXAMPLE = ['media', 'walkthrough', 'trip-planner.prompty'] as const;

/**
 * "Promptmeter: Open Example Prompt": the walkthrough's example as an untitled Prompty editor, so nothing is
 * written to the user's workspace. Beside the Get Started page when that is what is active, so both stay in view.
 */
export async function openExample(extensionUri: vscode.Uri): Promise<vscode.TextEditor> {
  // Named untitled (tab and result say trip-planner.prompty; Save proposes that name); opened again, it is reused.
  const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: EXAMPLE.at(-1)! }));
  if (document.getText() === '') {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...EXAMPLE));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), Buffer.from(bytes).toString('utf8'));
    await vscode.workspace.applyEdit(edit);
  }
  const besideNonText = !!vscode.window.tabGroups.activeTabGroup.activeTab && !vscode.window.activeTextEditor;
  return vscode.window.showTextDocument(document, { viewColumn: besideNonText ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preview: false });
}

export function registerWelcome(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand('promptmeter.openExample', () => openExample(context.extensionUri).then(() => undefined));
}
