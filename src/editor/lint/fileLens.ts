import * as vscode from 'vscode';
import { describeFixes } from '../../core/lint';
import type { CostLensProvider } from '../lenses';

/** The counts of the Fix All plan for a document: what Fix All will apply, so lens and result agree. */
export type FixPlanSummary = (document: vscode.TextDocument) => { fixes: number; tokensSaved: number } | undefined;

/** Adds "N fixes save X tokens" to the file lens; clicking it applies them all to the document it sits on. */
export function registerLintFileLens(lenses: CostLensProvider, plan: FixPlanSummary, onDidChangeSummary: vscode.Event<unknown>): vscode.Disposable {
  const extra = lenses.addFileLensExtra((document) => {
    const p = plan(document);
    if (!p || p.fixes === 0) return undefined;
    return {
      title: describeFixes(p.fixes, p.tokensSaved),
      command: 'promptmeter.fixAll', tooltip: 'Apply every Promptmeter fix in this file (one undo step)', arguments: [document.uri],
    };
  });
  return vscode.Disposable.from(extra, onDidChangeSummary(() => lenses.refresh()));
}
