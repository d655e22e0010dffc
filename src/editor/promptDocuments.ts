import * as vscode from 'vscode';
import { analyzePrompt, resolveModel, type PromptAnalysis } from '../core/analysis/analyze';
import { PriceBook } from '../core/pricing/prices';
import { detectFormat, parsePrompt, type PromptDocument, type PromptFormat } from '../core/prompt';
import { Disposable } from './disposable';
import { readSettings, type Settings } from './settings';

const PICKED_MODELS_KEY = 'promptmeter.pickedModels';

/**
 * Which open documents are prompts, their parsed model (cached per version), the model chosen for each file
 * (kept in workspaceState under `promptmeter.pickedModels`, keyed by file URI) and their analysis.
 */
export class PromptDocuments extends Disposable {
  private settings: Settings = readSettings();
  private prices = new PriceBook(this.settings.prices);
  private readonly parsed = new Map<string, { version: number; doc: PromptDocument }>();
  private readonly _onDidChangeModel = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChangeModel = this._onDidChangeModel.event;

  constructor(private readonly state: vscode.Memento) {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.parsed.delete(d.uri.toString())));
  }

  get current(): Settings { return this.settings; }
  get priceBook(): PriceBook { return this.prices; }

  updateSettings(s: Settings): void {
    this.settings = s;
    this.prices = new PriceBook(s.prices);
  }

  formatOf(document: vscode.TextDocument): PromptFormat | undefined {
    const byName = detectFormat(document.fileName, document.languageId === 'json' ? document.getText() : undefined);
    if (byName) return byName;
    if (document.languageId === 'prompty') return 'prompty';
    if (document.languageId === 'dotprompt') return 'dotprompt';
    const include = this.settings.include ?? [];
    if (include.length && vscode.languages.match(include.map((pattern) => ({ pattern })), document) > 0) {
      return document.fileName.endsWith('.md') ? 'prompt-md' : 'text';
    }
    return undefined;
  }

  isPrompt(document: vscode.TextDocument): boolean { return this.formatOf(document) !== undefined; }

  parse(document: vscode.TextDocument): PromptDocument | undefined {
    const format = this.formatOf(document);
    if (!format) return undefined;
    const key = document.uri.toString();
    const hit = this.parsed.get(key);
    if (hit && hit.version === document.version) return hit.doc;
    const doc = parsePrompt(document.getText(), document.fileName, format);
    this.parsed.set(key, { version: document.version, doc });
    return doc;
  }

  pickedModel(uri: vscode.Uri): string | undefined {
    return this.state.get<Record<string, string>>(PICKED_MODELS_KEY, {})[uri.toString()];
  }

  async pickModel(uri: vscode.Uri, model: string | undefined): Promise<void> {
    const all = { ...this.state.get<Record<string, string>>(PICKED_MODELS_KEY, {}) };
    if (model) all[uri.toString()] = model; else delete all[uri.toString()];
    await this.state.update(PICKED_MODELS_KEY, all);
    this._onDidChangeModel.fire(uri);
  }

  modelFor(document: vscode.TextDocument, doc: PromptDocument): string {
    return resolveModel(doc, this.pickedModel(document.uri), this.settings.defaultModel);
  }

  analyze(document: vscode.TextDocument, model?: string): { doc: PromptDocument; analysis: PromptAnalysis } | undefined {
    const doc = this.parse(document);
    if (!doc) return undefined;
    const analysis = analyzePrompt(doc, {
      model: model ?? this.modelFor(document, doc), prices: this.prices,
      expectedOutputTokens: this.settings.expectedOutputTokens,
    });
    return { doc, analysis };
  }
}
