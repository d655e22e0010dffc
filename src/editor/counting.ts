import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ANALYSIS_SETTINGS } from '../core/settings';
import { InProcessBackend } from './analysis/analyzer';
import { AnalysisManager } from './analysis/manager';
import type { AnalysisBackend } from './analysis/types';
import { WorkerBackend } from './analysis/workerBackend';
import { CompareHoverProvider } from './hover';
import { LensController } from './lensController';
import { CostLensProvider, type FileCountView, PROMPT_SELECTOR } from './lenses';
import { pickModelCommand } from './pickModel';
import type { PromptDocuments } from './promptDocuments';
import { PromptStatusBar } from './statusBar';
import { DocumentTracker } from './tracker/documentTracker';
import { vscodeDocumentSource } from './tracker/vscodeDocuments';

export interface Counting {
  tracker: DocumentTracker<vscode.TextDocument>;
  analyses: AnalysisManager<vscode.TextDocument>;
  lenses: CostLensProvider;
  disposables: vscode.Disposable[];
}

/** Token counts and costs in the editor: the document tracker, analysis in a worker, lenses, hover, status bar and the model picker. */
export function registerCounting(docs: PromptDocuments, log: vscode.LogOutputChannel, extensionPath: string, fileView?: FileCountView): Counting {
  const settings = docs.settings;
  const tracker = new DocumentTracker(vscodeDocumentSource(), {
    debounceMs: () => settings.current.debounceMs, isTracked: (d) => docs.isPrompt(d),
  });
  const backend = analysisBackend(extensionPath, () => settings.current.analysisTimeLimitMs, log);
  if (backend instanceof WorkerBackend) void backend.warm();
  const analyses = new AnalysisManager(tracker, {
    backend,
    job: (d) => docs.jobFor(d), maxSizeKB: () => settings.current.analysisMaxSizeKB, log: (line) => log.warn(line),
  });
  const lenses = new CostLensProvider(docs, analyses, fileView);
  const disposables: vscode.Disposable[] = [
    tracker, analyses, lenses,
    tracker.onDidClose((d) => docs.forget(d)),
    analyses.onDidUpdate((d) => { const s = analyses.latest(d); if (s?.kind === 'ok') docs.remember(d, s.version, s.doc); }),
    new LensController(lenses, settings),
    vscode.languages.registerHoverProvider(PROMPT_SELECTOR, new CompareHoverProvider(docs, analyses, fileView)),
    new PromptStatusBar(docs, analyses, fileView),
    vscode.commands.registerCommand('promptmeter.pickModel', (uri?: vscode.Uri) => pickModelCommand(docs, uri)),
    vscode.commands.registerCommand('promptmeter.countOnce', (uri?: vscode.Uri) => countOnceCommand(analyses, uri)),
    docs.onDidChangeModel((uri) => tracker.refresh((d) => d.uri.toString() === uri.toString())),
    settings.onDidChange(({ changed }) => {
      if (ANALYSIS_SETTINGS.some((s) => changed.has(s))) tracker.refresh();
      else if (changed.has('compareModels')) lenses.refresh();
    }),
  ];
  // Documents open before activation get no open event.
  tracker.refresh();
  return { tracker, analyses, lenses, disposables };
}

function analysisBackend(extensionPath: string, timeLimitMs: () => number, log: vscode.LogOutputChannel): AnalysisBackend {
  const script = path.join(extensionPath, 'dist', 'analysisWorker.js');
  if (existsSync(script)) return new WorkerBackend({ script, timeLimitMs, log: (line) => log.warn(line) });
  log.warn(`No analysis worker at ${script}; counting on the main thread.`);
  return new InProcessBackend();
}

async function countOnceCommand(analyses: AnalysisManager<vscode.TextDocument>, uri?: vscode.Uri): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  const document = target && vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (!document) return;
  const state = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Promptmeter: counting' }, () => analyses.countOnce(document));
  if (state.kind === 'failed') void vscode.window.showErrorMessage(`Promptmeter could not count ${path.basename(document.fileName)}: ${state.message}`);
}
