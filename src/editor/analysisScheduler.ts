import * as vscode from 'vscode';
import type { PromptAnalysis } from '../core/analysis/analyze';
import type { PromptDocument } from '../core/prompt';
import { Disposable } from './disposable';
import type { PromptDocuments } from './promptDocuments';

export interface AnalysisResult { version: number; doc: PromptDocument; analysis: PromptAnalysis }

interface Entry { result?: AnalysisResult; timer?: NodeJS.Timeout; waiters: ((r: AnalysisResult | undefined) => void)[] }

/**
 * One analysis per document version, computed after a per-document debounce; a result whose document moved on
 * is dropped, and a failure yields nothing rather than stale numbers.
 */
export class AnalysisScheduler extends Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly _onDidUpdate = this._register(new vscode.EventEmitter<vscode.TextDocument>());
  readonly onDidUpdate = this._onDidUpdate.event;

  constructor(private readonly docs: PromptDocuments, private readonly log: (line: string) => void) {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && this.docs.isPrompt(e.document)) this.schedule(e.document);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString())));
    this._register(docs.onDidChangeModel((uri) => this.invalidate(uri)));
    this._register({ dispose: () => { for (const k of [...this.entries.keys()]) this.forget(k); } });
  }

  /** The current version's analysis: at once when cached, the first one immediately, later ones after the debounce. */
  get(document: vscode.TextDocument): Promise<AnalysisResult | undefined> {
    const entry = this.entry(document.uri.toString());
    if (entry.result?.version === document.version) return Promise.resolve(entry.result);
    return new Promise((resolve) => {
      entry.waiters.push(resolve);
      if (!entry.timer) this.schedule(document, entry.result ? undefined : 0);
    });
  }

  latest(document: vscode.TextDocument): AnalysisResult | undefined {
    const r = this.entries.get(document.uri.toString())?.result;
    return r?.version === document.version ? r : undefined;
  }

  /** Recompute every open prompt document (settings or model choice changed). */
  invalidateAll(): void {
    for (const d of vscode.workspace.textDocuments) if (this.entries.has(d.uri.toString())) this.schedule(d, 0, true);
  }

  private invalidate(uri: vscode.Uri): void {
    const d = vscode.workspace.textDocuments.find((x) => x.uri.toString() === uri.toString());
    if (d) this.schedule(d, 0, true);
  }

  private schedule(document: vscode.TextDocument, delay = this.docs.current.debounceMs, force = false): void {
    const entry = this.entry(document.uri.toString());
    if (force) entry.result = undefined;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.compute(document, entry), delay);
  }

  private compute(document: vscode.TextDocument, entry: Entry): void {
    entry.timer = undefined;
    if (document.isClosed || this.isDisposed) return;
    const version = document.version;
    let result: AnalysisResult | undefined;
    try {
      const r = this.docs.analyze(document);
      result = r && { version, ...r };
    } catch (err) {
      this.log(`Counting ${document.uri.fsPath} failed: ${(err as Error)?.message ?? err}`);
    }
    if (document.version !== version) return this.schedule(document);
    entry.result = result;
    for (const w of entry.waiters.splice(0)) w(result);
    this._onDidUpdate.fire(document);
  }

  private entry(key: string): Entry {
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { waiters: [] }));
    return e;
  }

  private forget(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    if (e.timer) clearTimeout(e.timer);
    for (const w of e.waiters.splice(0)) w(undefined);
    this.entries.delete(key);
  }
}
