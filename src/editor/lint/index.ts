import * as vscode from 'vscode';
import type { CostLensProvider } from '../lenses';
import type { PromptDocuments } from '../promptDocuments';
import { fixAllCommand, LintCodeActions } from './codeActions';
import { registerLintFileLens } from './fileLens';
import { LintManager } from './manager';

/** Diagnostics, quick fixes, `source.fixAll.promptmeter`, `promptmeter.fixAll` and the file lens's fix summary. */
export function registerLint(context: vscode.ExtensionContext, docs: PromptDocuments, lenses: CostLensProvider): vscode.Disposable {
  const manager = new LintManager(docs, context.extensionUri);
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-vfs' }];
  return vscode.Disposable.from(
    manager,
    registerLintFileLens(lenses, manager),
    vscode.languages.registerCodeActionsProvider(selector, new LintCodeActions(docs, manager), {
      providedCodeActionKinds: LintCodeActions.providedCodeActionKinds,
    }),
    vscode.commands.registerCommand('promptmeter.fixAll', () => fixAllCommand(manager, docs)),
  );
}
