import * as vscode from 'vscode';
import type { CostLensProvider } from '../lenses';
import { lintSummary, onDidChangeLintSummary } from './index';

/** Adds "N fixes save X tokens" to the file lens; clicking it applies them all. */
export function registerLintFileLens(lenses: CostLensProvider): vscode.Disposable {
  const extra = lenses.addFileLensExtra((document) => {
    const { fixes, tokensSaved } = lintSummary(document);
    if (fixes === 0) return undefined;
    return {
      title: `${fixes} ${fixes === 1 ? 'fix saves' : 'fixes save'} ${tokensSaved.toLocaleString('en-US')} ${tokensSaved === 1 ? 'token' : 'tokens'}`,
      command: 'promptmeter.fixAll', tooltip: 'Apply every Promptmeter quick-fix in this file', arguments: [document.uri],
    };
  });
  return vscode.Disposable.from(extra, onDidChangeLintSummary(() => lenses.refresh()));
}
