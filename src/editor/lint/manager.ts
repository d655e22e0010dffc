import * as vscode from 'vscode';
import type { Finding } from '../../core/lint';
import { Disposable } from '../disposable';
import type { PromptDocuments } from '../promptDocuments';
import { onSettingsChanged } from '../settings';
import { computeFindings } from './computer';
import { DEFAULTS } from '../../core/settings';
import { ruleDocTarget } from './ruleDocs';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export interface LintResult { version: number; findings: Finding[] }

/**
 * Owns the DiagnosticCollection: a per-document delay, a version check before publishing, and an empty result
 * (never a stale one) when linting throws.
 */
export class LintManager extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('promptmeter'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly results = new Map<string, LintResult>();
  private readonly _onDidChangeSummary = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires when a document's findings (and so its fix summary) changed. */
  readonly onDidChangeSummary = this._onDidChangeSummary.event;

  constructor(private readonly docs: PromptDocuments, private readonly extensionUri: vscode.Uri) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    this._register(docs.onDidChangeModel(() => this.relintAll()));
    // Re-lint after the settings listener of PromptDocuments has taken the new snapshot.
    this._register(onSettingsChanged(() => setTimeout(() => this.relintAll(), 0)));
    this._register({ dispose: () => { this.timers.forEach(clearTimeout); this.timers.clear(); } });
    this.relintAll();
  }

  get enabled(): boolean { return this.docs.current.lintEnabled !== false; }

  relintAll(): void {
    // Settings or the model changed: results for the current versions are stale too.
    this.results.clear();
    if (!this.enabled) {
      this.collection.clear();
      return;
    }
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  schedule(document: vscode.TextDocument, delay = this.docs.current.debounceMs ?? DEFAULTS.debounceMs): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    const version = document.version;
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      // A newer edit has its own timer; this result would describe text that no longer exists. The lens or a
      // code action may already have linted this version on demand (resultFor), and published it.
      if (!document.isClosed && document.version === version && this.results.get(key)?.version !== version) this.lint(document);
    }, delay));
  }

  /** Findings for the document's current version, computed now when the debounced run has not happened yet. */
  resultFor(document: vscode.TextDocument): Finding[] {
    const hit = this.results.get(document.uri.toString());
    if (hit && hit.version === document.version) return hit.findings;
    return this.lint(document);
  }

  private lint(document: vscode.TextDocument): Finding[] {
    const uri = document.uri;
    if (!this.enabled || !this.docs.isPrompt(document)) {
      this.forget(uri);
      return [];
    }
    let findings: Finding[];
    try {
      findings = computeFindings(this.docs, document) ?? [];
    } catch (err) {
      console.error('promptmeter lint failed', err);
      findings = [];
    }
    this.results.set(uri.toString(), { version: document.version, findings });
    this.collection.set(uri, findings.map((f) => this.diagnostic(f)));
    this._onDidChangeSummary.fire(uri);
    return findings;
  }

  private diagnostic(f: Finding): vscode.Diagnostic {
    const range = new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character);
    const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
    d.source = 'promptmeter';
    d.code = { value: f.ruleId, target: ruleDocTarget(f.ruleId) };
    return d;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (this.results.delete(key)) this._onDidChangeSummary.fire(uri);
    this.collection.delete(uri);
  }
}
