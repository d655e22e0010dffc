import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { DatasetProblem } from '../../core/dataset/types';
import { prepareEval, type PreparedEval } from '../../core/eval';
import { baseUrlsFrom } from '../../core/run/baseUrls';
import { workspaceName, type RunServices } from '../run/services';

/** The prompt's dataset run as the editor sees it: settings, the picked models, the workspace-relative name. */
export async function prepareForEditor(uri: vscode.Uri, services: RunServices, models?: readonly string[], text?: string): Promise<PreparedEval> {
  const s = services.current;
  return prepareEval({
    path: uri.fsPath, text: text ?? await fs.readFile(uri.fsPath, 'utf8'), models,
    baseUrls: baseUrlsFrom(s, process.env), workspace: workspaceName(), file: vscode.workspace.asRelativePath(uri, false),
    defaultModel: s.defaultModel, defaultMaxTokens: s.expectedOutputTokens, route: s.route, cacheNonDeterministic: s.cacheNonDeterministic,
  });
}

/** Skipped dataset rows as diagnostics on the dataset file, each at its line. */
export class DatasetDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('promptmeter-dataset');

  report(file: string | undefined, problems: readonly DatasetProblem[]): void {
    if (!file) return;
    const uri = vscode.Uri.file(file);
    this.collection.set(uri, problems.map((p) => {
      const line = Math.max(0, p.line - 1);
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), `${p.message} (row skipped)`, vscode.DiagnosticSeverity.Warning);
      d.source = 'promptmeter';
      return d;
    }));
  }

  dispose(): void { this.collection.dispose(); }
}
