import * as vscode from 'vscode';
import { analyzePrompt } from '../core/analysis/analyze';
import type { AnalysisManager } from './analysis/manager';
import type { FileCountView } from './lenses';
import { describeUsed } from '../core/render/renderedCount';
import { formatCost, formatCount as formatTokens } from '../core/money';
import type { PromptDocuments } from './promptDocuments';

/** Hover on line 1: this call's cost split, and the same prompt across `promptmeter.compareModels`. */
export class CompareHoverProvider implements vscode.HoverProvider {
  constructor(private readonly docs: PromptDocuments, private readonly analyses: AnalysisManager<vscode.TextDocument>, private readonly fileView?: FileCountView) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (position.line !== 0) return undefined;
    const result = this.analyses.latest(document);
    if (result?.kind !== 'ok') return undefined;
    const { doc, analysis: a } = result;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**Promptmeter** · ${a.model}${a.estimated ? ' (estimated: no exact local tokenizer)' : ''}\n\n`);
    const c = a.cost, r = a.repeatCost;
    md.appendMarkdown('| per call | input | cached input | cache write | output | total |\n|---|--:|--:|--:|--:|--:|\n');
    const usd = (micros: number) => formatCost(micros, a.estimated);
    const row = (label: string, x: typeof c) => x.priced
      ? `| ${label} | ${usd(x.inputMicros)} | ${usd(x.cacheReadMicros)} | ${usd(x.cacheWriteMicros)} | ${usd(x.outputMicros)} | ${usd(x.totalMicros)} |\n`
      : `| ${label} | unpriced | | | | |\n`;
    md.appendMarkdown(row('first', c) + row('repeat', r));
    for (const line of this.fileView?.hoverLines(document, a) ?? []) md.appendMarkdown(`\n${line}\n`);
    md.appendMarkdown(`\nStatic prefix: ${formatTokens(a.staticPrefixTokens, a.estimated)} tokens.\n\n`);
    if (a.rendered) {
      md.appendMarkdown(`Cost is of the rendered request (${formatTokens(a.rendered.inputTokens, a.rendered.estimated)} tokens), rendered with:\n\n`);
      for (const line of describeUsed(a.rendered.used)) md.appendText(`- ${line}\n`);
      md.appendMarkdown('\n');
    } else if (a.renderError) md.appendText(`Rendering with the defaults failed: ${a.renderError}\n\n`);
    const models = [...new Set([a.model, ...this.docs.current.compareModels])];
    md.appendMarkdown('| model | input | per call |\n|---|--:|--:|\n');
    for (const model of models) {
      const other = model === a.model ? a : analyzePrompt(doc, { model, prices: this.docs.priceBook, expectedOutputTokens: this.docs.current.expectedOutputTokens });
      md.appendMarkdown(`| ${model === a.model ? `**${model}**` : model} | ${formatTokens(other.inputTokens, other.estimated)} | ${formatCost(other.cost, other.estimated)} |\n`);
    }
    return new vscode.Hover(md, new vscode.Range(0, 0, 0, document.lineAt(0).text.length));
  }
}
