import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { GIT_SCHEME, GitContentProvider } from './gitContent';
import { HeadDiffLensProvider } from './headLens';
import { CostHistoryPanels } from './historyPanel';

/** Review in the editor: what the unsaved or uncommitted change does to a prompt's cost against HEAD, and its cost history. */
export function registerReview(context: vscode.ExtensionContext): vscode.Disposable[] {
  let settings = readSettings();
  const lens = new HeadDiffLensProvider(() => settings);
  const history = new CostHistoryPanels(context.extensionUri, context.globalStorageUri, () => settings);
  return [
    lens, history,
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('promptmeter')) settings = readSettings(); }),
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lens),
    vscode.workspace.registerTextDocumentContentProvider(GIT_SCHEME, new GitContentProvider()),
    vscode.commands.registerCommand('promptmeter.showCostHistory', (uri?: vscode.Uri) => history.show(uri instanceof vscode.Uri ? uri : undefined)),
  ];
}
