import * as vscode from 'vscode';
import type { AnalysisScheduler } from './analysisScheduler';
import { Disposable } from './disposable';
import { formatCost, formatCount as formatTokens } from '../core/money';
import type { PromptDocuments } from './promptDocuments';

/** Tokens and cost of the active prompt file; click to pick its model. Also sets `promptmeter.isPrompt`. */
export class PromptStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('promptmeter.status', vscode.StatusBarAlignment.Right, 100));

  constructor(private readonly docs: PromptDocuments, private readonly scheduler: AnalysisScheduler) {
    super();
    this.item.name = 'Promptmeter';
    this.item.command = 'promptmeter.pickModel';
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(scheduler.onDidUpdate((d) => { if (d === vscode.window.activeTextEditor?.document) this.update(); }));
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const isPrompt = !!document && this.docs.isPrompt(document);
    void vscode.commands.executeCommand('setContext', 'promptmeter.isPrompt', isPrompt);
    if (!document || !isPrompt) return this.item.hide();
    const latest = this.scheduler.latest(document);
    if (!latest) {
      void this.scheduler.get(document).then(() => this.update());
      this.item.text = '$(loading~spin) tokens';
    } else {
      const a = latest.analysis;
      this.item.text = `$(symbol-numeric) ${formatTokens(a.inputTokens, a.estimated)} · ${formatCost(a.cost, a.estimated)} · ${a.model}`;
      this.item.tooltip = `Promptmeter: ${a.inputTokens} input tokens with ${a.model}. Click to pick the model for this file.`;
    }
    this.item.show();
  }
}
