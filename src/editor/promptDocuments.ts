import * as vscode from 'vscode';
import { analyzePrompt, resolveModel, type PromptAnalysis } from '../core/analysis/analyze';
import { PriceBook } from '../core/pricing/prices';
import { firstDatasetRow } from '../core/dataset/firstRow';
import { partialsBeside } from '../core/render/partials';
import { detectFormat, parsePrompt, type PromptDocument, type PromptFormat } from '../core/prompt';
import type { AnalysisJob } from './analysis/types';
import { Disposable } from './disposable';
import type { Settings, SettingsStore } from './settings';

const PICKED_MODELS_KEY = 'promptmeter.pickedModels';

/**
 * Which open documents are prompts, their parsed model (cached per version, filled by the analysis worker when it
 * has parsed that version), and the model chosen for each file (workspaceState `promptmeter.pickedModels`, by URI).
 */
export class PromptDocuments extends Disposable {
  private prices: { from: Settings['prices']; book: PriceBook };
  private readonly parsed = new Map<string, { version: number; doc: PromptDocument }>();
  /** Whether a plain `.json` file holds a chat request, decided on open and on save rather than per keystroke. */
  private readonly jsonIsChat = new Map<string, boolean>();
  private readonly _onDidChangeModel = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChangeModel = this._onDidChangeModel.event;

  constructor(private readonly state: vscode.Memento, readonly settings: SettingsStore) {
    super();
    this.prices = { from: settings.current.prices, book: new PriceBook(settings.current.prices) };
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.jsonIsChat.delete(d.uri.toString())));
  }

  /** The document closed (told by the document tracker): drop what is kept for it. */
  forget(document: vscode.TextDocument): void {
    this.parsed.delete(document.uri.toString());
    this.jsonIsChat.delete(document.uri.toString());
  }

  get current(): Settings { return this.settings.current; }

  get priceBook(): PriceBook {
    const from = this.settings.current.prices;
    if (from !== this.prices.from) this.prices = { from, book: new PriceBook(from) };
    return this.prices.book;
  }

  formatOf(document: vscode.TextDocument): PromptFormat | undefined {
    // `!AGENTS.md` in promptmeter.include turns a file (e.g. an always-on context file) off.
    const off = (this.current.include ?? []).filter((p) => p.startsWith('!')).map((p) => ({ pattern: p.slice(1) }));
    if (off.length && vscode.languages.match(off, document) > 0) return undefined;
    const byName = detectFormat(document.fileName);
    if (byName) return byName;
    if (document.languageId === 'json' && this.isChatJson(document)) return 'chat-json';
    if (document.languageId === 'prompty') return 'prompty';
    if (document.languageId === 'dotprompt') return 'dotprompt';
    const include = (this.current.include ?? []).filter((p) => !p.startsWith('!'));
    if (include.length && vscode.languages.match(include.map((pattern) => ({ pattern })), document) > 0) {
      return document.fileName.endsWith('.md') ? 'prompt-md' : 'text';
    }
    return undefined;
  }

  private isChatJson(document: vscode.TextDocument): boolean {
    const key = document.uri.toString();
    let verdict = this.jsonIsChat.get(key);
    if (verdict === undefined) {
      verdict = detectFormat(document.fileName, document.getText()) === 'chat-json';
      this.jsonIsChat.set(key, verdict);
    }
    return verdict;
  }

  isPrompt(document: vscode.TextDocument): boolean { return this.formatOf(document) !== undefined; }

  /** What the analysis worker needs for this document, or undefined when it is not a prompt. */
  jobFor(document: vscode.TextDocument): Omit<AnalysisJob, 'uri' | 'version' | 'text'> | undefined {
    const format = this.formatOf(document);
    if (!format) return undefined;
    const s = this.current;
    return {
      fileName: document.fileName, format, pickedModel: this.pickedModel(document.uri), defaultModel: s.defaultModel,
      expectedOutputTokens: s.expectedOutputTokens, prices: s.prices,
      filePath: document.uri.scheme === 'file' ? document.uri.fsPath : undefined,
    };
  }

  /** Keep a parse made elsewhere (the analysis worker) for this version, so lint and run do not parse again. */
  remember(document: vscode.TextDocument, version: number, doc: PromptDocument): void {
    if (document.version === version) this.parsed.set(document.uri.toString(), { version, doc });
  }

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
    return resolveModel(doc, this.pickedModel(document.uri), this.current.defaultModel);
  }

  /** One analysis on this thread, for a model other than the file's (the model picker's comparison). */
  analyze(document: vscode.TextDocument, model?: string): { doc: PromptDocument; analysis: PromptAnalysis } | undefined {
    const doc = this.parse(document);
    if (!doc) return undefined;
    const analysis = analyzePrompt(doc, {
      model: model ?? this.modelFor(document, doc), prices: this.priceBook, expectedOutputTokens: this.current.expectedOutputTokens,
      // Dotprompt partials, and the dataset whose first row the rendered count uses, are read from beside a file on disk.
      render: document.uri.scheme === 'file' ? { resolvePartial: partialsBeside(document.uri.fsPath), dataset: firstDatasetRow(document.uri.fsPath, doc) } : {},
    });
    return { doc, analysis };
  }
}
