import * as vscode from 'vscode';
import type { AnalysisManager } from './analysis/manager';
import type { AnalysisState } from './analysis/types';
import { Disposable } from './disposable';
import { formatCost, formatCount as formatTokens } from '../core/money';
import type { FileCountView } from './lenses';
import type { PromptDocuments } from './promptDocuments';

/** Tokens and cost of the active prompt file, or why there are none; click to pick its model. Also sets `promptmeter.isPrompt`. */
export class PromptStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('promptmeter.status', vscode.StatusBarAlignment.Right, 100));

  /** `fileView`: the same figures as the file lens (an exact provider count replaces the estimate in both). */
  constructor(private readonly docs: PromptDocuments, private readonly analyses: AnalysisManager<vscode.TextDocument>, private readonly fileView?: FileCountView) {
    super();
    if (fileView) this._register(fileView.onDidChange((uri) => { if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update(); }));
    this.item.name = 'Promptmeter';
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(analyses.onDidUpdate((d) => { if (d === vscode.window.activeTextEditor?.document) this.update(); }));
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const isPrompt = !!document && this.docs.isPrompt(document);
    void vscode.commands.executeCommand('setContext', 'promptmeter.isPrompt', isPrompt);
    if (!document || !isPrompt) return this.item.hide();
    const state = this.analyses.latest(document);
    // An unknown state asks once; the answer (even a failure) arrives through onDidUpdate, never by asking again.
    if (!state) void this.analyses.get(document);
    this.show(document, state);
  }

  private show(document: vscode.TextDocument, state: AnalysisState | undefined): void {
    const item = this.item;
    item.backgroundColor = undefined;
    item.command = 'promptmeter.pickModel';
    if (!state) {
      item.text = '$(loading~spin) tokens';
      item.tooltip = 'Promptmeter is counting this file';
    } else if (state.kind === 'ok') {
      const a = this.fileView ? this.fileView.view(document, state.analysis) : state.analysis;
      item.text = `$(symbol-numeric) ${formatTokens(a.inputTokens, a.estimated)} · ${formatCost(a.cost, a.estimated)} · ${a.model}`;
      item.tooltip = `Promptmeter: ${a.inputTokens} input tokens with ${a.model}. Click to pick the model for this file.`;
    } else if (state.kind === 'failed') {
      item.text = '$(error) tokens: not counted';
      item.tooltip = `Promptmeter could not count this version: ${state.message}. It tries again after the next edit.`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (state.kind === 'too-large') {
      item.text = '$(warning) tokens: too large to count live';
      item.tooltip = `${state.sizeKB} KB is above promptmeter.analysis.maxSizeKB (${state.limitKB} KB). Click to count it once.`;
      item.command = 'promptmeter.countOnce';
    } else {
      return this.item.hide();
    }
    item.show();
  }
}
