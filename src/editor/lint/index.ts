import * as vscode from 'vscode';
import type { PromptDocuments } from '../promptDocuments';
import { fixAllCommand, LintCodeActions } from './codeActions';
import { LintManager } from './manager';

let active: LintManager | undefined;
const summaryChanged = new vscode.EventEmitter<vscode.Uri>();

/** Fires with a document's URI when its fix summary may have changed (for the file lens). */
export const onDidChangeLintSummary: vscode.Event<vscode.Uri> = summaryChanged.event;

/** Diagnostics, quick fixes, `source.fixAll.promptmeter` and the `promptmeter.fixAll` command, as one disposable. */
export function registerLint(context: vscode.ExtensionContext, docs: PromptDocuments): vscode.Disposable {
  const manager = new LintManager(docs, context.extensionUri);
  active = manager;
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-vfs' }];
  const parts: vscode.Disposable[] = [
    manager,
    manager.onDidChangeSummary((uri) => summaryChanged.fire(uri)),
    vscode.languages.registerCodeActionsProvider(selector, new LintCodeActions(docs, manager), {
      providedCodeActionKinds: LintCodeActions.providedCodeActionKinds,
    }),
    vscode.commands.registerCommand('promptmeter.fixAll', () => fixAllCommand(manager, docs)),
  ];
  return new vscode.Disposable(() => {
    if (active === manager) active = undefined;
    parts.forEach((p) => p.dispose());
  });
}

/** "N fixes save X tokens" for the file lens; zero when lint is off or not registered. */
export function lintSummary(document: vscode.TextDocument): { fixes: number; tokensSaved: number } {
  return active ? active.summary(document) : { fixes: 0, tokensSaved: 0 };
}
