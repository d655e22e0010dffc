import * as vscode from 'vscode';
import type { AnalysisManager } from '../analysis/manager';
import type { CostLensProvider } from '../lenses';
import type { PromptDocuments } from '../promptDocuments';
import { fixAllCommand, LintCodeActions } from './codeActions';
import { fixAllPlan } from './computer';
import { registerLintFileLens } from './fileLens';
import { LintManager } from './manager';
import { registerRuleDocs } from './ruleDocs';

/** Diagnostics, quick fixes, `source.fixAll.promptmeter`, `promptmeter.fixAll`, rule pages and the file lens's fix summary. */
export function registerLint(
  context: vscode.ExtensionContext, docs: PromptDocuments, analyses: AnalysisManager<vscode.TextDocument>, lenses: CostLensProvider,
): vscode.Disposable {
  const manager = new LintManager(docs, analyses);
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-vfs' }];
  const plan = (document: vscode.TextDocument) => (manager.enabled && docs.isPrompt(document) ? fixAllPlan(docs, document, manager.resultFor(document)) : undefined);
  return vscode.Disposable.from(
    manager,
    registerLintFileLens(lenses, plan, manager.onDidChangeSummary),
    vscode.languages.registerCodeActionsProvider(selector, new LintCodeActions(docs, manager), {
      providedCodeActionKinds: LintCodeActions.providedCodeActionKinds,
    }),
    vscode.commands.registerCommand('promptmeter.fixAll', (uri?: vscode.Uri) => fixAllCommand(manager, docs, uri)),
    registerRuleDocs(context.extensionUri),
  );
}
