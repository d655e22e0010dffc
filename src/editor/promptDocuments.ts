import * as vscode from 'vscode';
import { analyzePrompt, resolveModel, type PromptAnalysis } from '../core/analysis/analyze';
import { partialsBeside } from '../core/render/partials';
import { countTokens, IncrementalCount, type EncodingName } from '../core/tokens';
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
  /** Whether a plain `.json` file holds a chat request, decided on open and on save rather than per keystroke. */
  private readonly jsonIsChat = new Map<string, boolean>();
  /** Live chunk counts per document and encoding, kept up to date edit by edit. */
  private readonly counts = new Map<string, { version: number; byEncoding: Map<EncodingName, IncrementalCount> }>();
  private readonly _onDidChangeModel = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChangeModel = this._onDidChangeModel.event;

  constructor(private readonly state: vscode.Memento) {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      const key = d.uri.toString();
      this.parsed.delete(key);
      this.jsonIsChat.delete(key);
      this.counts.delete(key);
    }));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.jsonIsChat.delete(d.uri.toString())));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.applyEdits(e)));
  }

  get current(): Settings { return this.settings; }
  get priceBook(): PriceBook { return this.prices; }

  updateSettings(s: Settings): void {
    this.settings = s;
    this.prices = new PriceBook(s.prices);
  }

  formatOf(document: vscode.TextDocument): PromptFormat | undefined {
    // `!AGENTS.md` in promptmeter.include turns a file (e.g. an always-on context file) off.
    const off = (this.settings.include ?? []).filter((p) => p.startsWith('!')).map((p) => ({ pattern: p.slice(1) }));
    if (off.length && vscode.languages.match(off, document) > 0) return undefined;
    const byName = detectFormat(document.fileName);
    if (byName) return byName;
    if (document.languageId === 'json' && this.isChatJson(document)) return 'chat-json';
    if (document.languageId === 'prompty') return 'prompty';
    if (document.languageId === 'dotprompt') return 'dotprompt';
    const include = (this.settings.include ?? []).filter((p) => !p.startsWith('!'));
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
      // Content that is a verbatim slice of the document is counted from the live chunks: only edited chunks re-encode.
      countContent: (m, encoding) => doc.format !== 'chat-json' && m.end - m.start === m.content.length
        ? this.counter(document, encoding).countRange(m.start, m.end)
        : countTokens(encoding, m.content),
      // Dotprompt partials are read from beside a file on disk.
      render: document.uri.scheme === 'file' ? { resolvePartial: partialsBeside(document.uri.fsPath) } : {},
    });
    return { doc, analysis };
  }

  private applyEdits(e: vscode.TextDocumentChangeEvent): void {
    const entry = this.counts.get(e.document.uri.toString());
    if (!entry) return;
    for (const counter of entry.byEncoding.values()) {
      for (const c of e.contentChanges) counter.applyEdit(c.rangeOffset, c.rangeLength, c.text);
    }
    entry.version = e.document.version;
  }

  private counter(document: vscode.TextDocument, encoding: EncodingName): IncrementalCount {
    const key = document.uri.toString();
    let entry = this.counts.get(key);
    if (!entry || entry.version !== document.version) {
      entry = { version: document.version, byEncoding: new Map() };
      this.counts.set(key, entry);
    }
    let counter = entry.byEncoding.get(encoding);
    const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    if (!counter || counter.length !== length) {
      counter = new IncrementalCount(encoding, document.getText());
      entry.byEncoding.set(encoding, counter);
    }
    return counter;
  }
}
