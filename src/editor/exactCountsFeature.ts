import * as vscode from 'vscode';
import { countExactlyCommand, ExactCounts } from './exactCounts';
import type { PromptDocuments } from './promptDocuments';
import { ApiKeys } from './run/secrets';

/** Exact provider counts for the file lens, and "Promptmeter: Count Exactly". */
export function registerExactCounts(context: vscode.ExtensionContext, docs: PromptDocuments, log: vscode.LogOutputChannel): { exact: ExactCounts; disposables: vscode.Disposable[] } {
  const keys = new ApiKeys(context.secrets);
  const exact = new ExactCounts(docs, keys, context.globalStorageUri.fsPath, log);
  return {
    exact,
    disposables: [
      keys, exact,
      vscode.commands.registerCommand('promptmeter.countExactly', (uri?: vscode.Uri) => countExactlyCommand(exact, docs, uri)),
      // For the integration suite: whether a count waits for a pause in typing or is in flight.
      vscode.commands.registerCommand('_promptmeter.exactCountsBusy', () => exact.busy),
    ],
  };
}
