import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { ChatRequest } from '../../core/client/types';
import { reportCsv, reportJson, type EvalProgress, type EvalReport } from '../../core/eval';
import { type EvalHostMessage, parseEvalPageMessage } from '../../core/eval/protocol';
import { shellHtml, webviewOptions } from '../webview/shell';

export interface EvalSource {
  title: string;
  report: EvalReport;
  progress?: EvalProgress;
  /** The full request and inputs behind one row × model cell, for the detail pane. */
  detail?(row: number, model: string): Promise<{ request: ChatRequest; vars: Record<string, unknown> } | undefined>;
}

/** One comparison panel per prompt file (or batch job), reused for every run of it. */
export class EvalPanels implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; source: EvalSource; ready: boolean }>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  show(key: string, source: EvalSource): void {
    const held = this.panels.get(key);
    if (held) {
      held.source = source;
      if (!held.panel.visible) held.panel.reveal(undefined, true);
      this.post(held, { type: 'report', title: source.title, report: source.report, progress: source.progress });
      return;
    }
    const panel = vscode.window.createWebviewPanel('promptmeter.eval', source.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(this.extensionUri));
    const entry = { panel, source, ready: false };
    this.panels.set(key, entry);
    panel.webview.html = shellHtml(panel.webview, this.extensionUri, { title: 'Promptmeter Comparison', styles: ['panel.css', 'eval.css'], script: 'eval.js' });
    panel.onDidDispose(() => this.panels.delete(key));
    panel.webview.onDidReceiveMessage(async (raw) => {
      const m = parseEvalPageMessage(raw);
      if (!m) return;
      if (m.type === 'ready') {
        entry.ready = true;
        this.post(entry, { type: 'report', title: entry.source.title, report: entry.source.report, progress: entry.source.progress });
      } else if (m.type === 'export') await this.export(entry.source, m.format);
      else if (m.type === 'detail') {
        const d = await entry.source.detail?.(m.row, m.model).catch(() => undefined);
        if (d) this.post(entry, { type: 'detail', row: m.row, model: m.model, ...d });
      }
    });
  }

  private post(entry: { panel: vscode.WebviewPanel; ready: boolean }, m: EvalHostMessage): void {
    if (entry.ready) void entry.panel.webview.postMessage(m);
  }

  private async export(source: EvalSource, format: 'csv' | 'json'): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      saveLabel: `Export ${format.toUpperCase()}`, filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      defaultUri: vscode.workspace.workspaceFolders?.[0] && vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `${source.title.replace(/[^\w.-]+/g, '-')}.${format}`),
    });
    if (!target) return;
    await fs.writeFile(target.fsPath, format === 'csv' ? reportCsv(source.report) : reportJson(source.report));
    void vscode.window.showInformationMessage(`Promptmeter: exported ${source.report.results.length} results to ${vscode.workspace.asRelativePath(target)}`);
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}
