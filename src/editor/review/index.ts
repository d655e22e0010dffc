import * as vscode from 'vscode';
import type { SettingsStore } from '../settings';
import { GIT_SCHEME, GitContentProvider } from './gitContent';
import { HeadDiffLensProvider } from './headLens';
import { CostHistoryPanels } from './historyPanel';

/** Review in the editor: what the unsaved or uncommitted change does to a prompt's cost against HEAD, and its cost history. */
export function registerReview(context: vscode.ExtensionContext, settings: SettingsStore): vscode.Disposable[] {
  const lens = new HeadDiffLensProvider(() => settings.current);
  const history = new CostHistoryPanels(context.extensionUri, context.globalStorageUri, () => settings.current);
  return [
    lens, history,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lens),
    vscode.workspace.registerTextDocumentContentProvider(GIT_SCHEME, new GitContentProvider()),
    vscode.commands.registerCommand('promptmeter.showCostHistory', (uri?: vscode.Uri) => history.show(uri instanceof vscode.Uri ? uri : undefined)),
  ];
}
