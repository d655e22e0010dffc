import * as vscode from 'vscode';
import type { CostLensProvider } from '../lenses';
import type { LintManager } from './manager';

/** `2 fixes save 40 tokens`; cache-order fixes save input tokens on later calls, not this one. */
export function fileLensText(fixes: number, tokensSaved: number): string {
  const what = `${fixes} ${fixes === 1 ? 'fix' : 'fixes'}`;
  if (tokensSaved === 0) return `${what} available`;
  return `${what} ${fixes === 1 ? 'saves' : 'save'} ${tokensSaved.toLocaleString('en-US')} ${tokensSaved === 1 ? 'token' : 'tokens'}`;
}

/** Adds "N fixes save X tokens" to the file lens; clicking it applies them all. */
export function registerLintFileLens(lenses: CostLensProvider, lint: Pick<LintManager, 'summary' | 'onDidChangeSummary'>): vscode.Disposable {
  const extra = lenses.addFileLensExtra((document) => {
    const { fixes, tokensSaved } = lint.summary(document);
    if (fixes === 0) return undefined;
    return {
      title: fileLensText(fixes, tokensSaved),
      command: 'promptmeter.fixAll', tooltip: 'Apply every Promptmeter quick-fix in this file', arguments: [document.uri],
    };
  });
  return vscode.Disposable.from(extra, lint.onDidChangeSummary(() => lenses.refresh()));
}
