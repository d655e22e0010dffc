import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { HeadDiffLensProvider } from './headLens';

/** Review in the editor: what the unsaved or uncommitted change does to a prompt's cost, against HEAD. */
export function registerReview(): vscode.Disposable[] {
  let settings = readSettings();
  const lens = new HeadDiffLensProvider(() => settings);
  return [
    lens,
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('promptmeter')) settings = readSettings(); }),
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lens),
  ];
}
