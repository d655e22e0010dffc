import * as vscode from 'vscode';
import { AnalysisScheduler } from './analysisScheduler';
import { CompareHoverProvider } from './hover';
import { CostLensProvider, type FileCountView, PROMPT_SELECTOR } from './lenses';
import { pickModelCommand } from './pickModel';
import type { PromptDocuments } from './promptDocuments';
import { onSettingsChanged } from './settings';
import { PromptStatusBar } from './statusBar';

/** Token counts and costs in the editor: lenses, hover, status bar and the model picker. */
export function registerCounting(docs: PromptDocuments, log: vscode.LogOutputChannel, fileView?: FileCountView): { lenses: CostLensProvider; disposables: vscode.Disposable[] } {
  const scheduler = new AnalysisScheduler(docs, (line) => log.warn(line));
  const lenses = new CostLensProvider(docs, scheduler, fileView);
  const disposables = [
    scheduler, lenses,
    vscode.languages.registerCodeLensProvider(PROMPT_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(PROMPT_SELECTOR, new CompareHoverProvider(docs, scheduler, fileView)),
    new PromptStatusBar(docs, scheduler),
    vscode.commands.registerCommand('promptmeter.pickModel', (uri?: vscode.Uri) => pickModelCommand(docs, uri)),
    onSettingsChanged((s) => { docs.updateSettings(s); scheduler.invalidateAll(); lenses.refresh(); }),
  ];
  return { lenses, disposables };
}
