import * as vscode from 'vscode';
import type { Finding } from '../../core/lint';
import { LINT_SETTINGS } from '../../core/settings';
import type { AnalysisManager } from '../analysis/manager';
import { Disposable } from '../disposable';
import type { PromptDocuments } from '../promptDocuments';
import { computeFindings } from './computer';
import { ruleDocTarget } from './ruleDocs';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export interface LintResult { version: number; findings: Finding[] }

/**
 * Owns the DiagnosticCollection. Lints each version the analysis has parsed (a consumer of the document tracker
 * through it, so no timers or event subscriptions of its own), and publishes an empty result, never a stale one,
 * when the analysis failed or linting throws.
 */
export class LintManager extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('promptmeter'));
  private readonly results = new Map<string, LintResult>();
  private readonly _onDidChangeSummary = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires when a document's findings (and so its fix summary) changed. */
  readonly onDidChangeSummary = this._onDidChangeSummary.event;

  constructor(
    private readonly docs: PromptDocuments,
    private readonly analyses: AnalysisManager<vscode.TextDocument>,
  ) {
    super();
    this._register(analyses.onDidUpdate((d) => this.analysed(d)));
    this._register(analyses.onDidClose((d) => this.forget(d.uri)));
    // Lint settings relint from the kept parses; settings that change the analysis arrive through it.
    this._register(docs.settings.onDidChange(({ changed }) => { if (LINT_SETTINGS.some((s) => changed.has(s))) this.relintAll(); }));
    this.relintAll();
  }

  get enabled(): boolean { return this.docs.current.lintEnabled !== false; }

  relintAll(): void {
    this.results.clear();
    if (!this.enabled) return this.collection.clear();
    for (const d of vscode.workspace.textDocuments) if (this.analyses.latest(d)) this.analysed(d);
  }

  private analysed(document: vscode.TextDocument): void {
    const state = this.analyses.latest(document);
    if (!state) return;
    if (state.kind === 'ok') this.lint(document);
    else this.forget(document.uri);
  }

  /** Findings for the document's current version: linted now when its analysis is ready but lint has not run yet. */
  resultFor(document: vscode.TextDocument): Finding[] {
    const hit = this.results.get(document.uri.toString());
    if (hit && hit.version === document.version) return hit.findings;
    const state = this.analyses.latest(document);
    // Not while counting failed or the file is too large: parsing it here would block the extension host.
    if (state && state.kind !== 'ok') return [];
    if (!state && document.getText().length > this.docs.current.analysisMaxSizeKB * 1024 && this.docs.current.analysisMaxSizeKB > 0) return [];
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
    if (this.results.delete(key)) this._onDidChangeSummary.fire(uri);
    this.collection.delete(uri);
  }
}
