import * as vscode from 'vscode';
import type { PromptAnalysis } from '../core/analysis/analyze';
import type { AnalysisManager } from './analysis/manager';
import type { AnalysisState } from './analysis/types';
import { Disposable } from './disposable';
import { LensChangeGate } from './lensChangeGate';
import { contextFileCost } from '../core/analysis/contextCost';
import { contextLensTitle, fileLensTitle, messageLensTitle, schemaLensTitle, toolsLensTitle, toolsLensTooltip } from './format';
import type { PromptDocuments } from './promptDocuments';

export const PROMPT_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' },
];

/** Replaces the file lens's figures, e.g. with an exact provider count; fires when they change. */
export interface FileCountView {
  /** `ask`: the figures are being shown, so an exact count may be started (false: only compared, nothing sent). */
  view(document: vscode.TextDocument, a: PromptAnalysis, ask?: boolean): PromptAnalysis;
  hoverLines(document: vscode.TextDocument, a: PromptAnalysis): string[];
  readonly onDidChange: vscode.Event<vscode.Uri>;
}

/** Extra file-lens text from other features, e.g. lint's "3 fixes save 40 tokens". */
export type FileLensExtra = (document: vscode.TextDocument) => vscode.Command | undefined;

/** Token and cost lenses: one on line 1 for the file, one above each message; an error or size notice instead when there are no counts. */
export class CostLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this._onDidChange.event;
  private readonly extras: FileLensExtra[] = [];
  private readonly gate = new LensChangeGate();

  constructor(
    private readonly docs: PromptDocuments, private readonly analyses: AnalysisManager<vscode.TextDocument>, private readonly fileView?: FileCountView,
  ) {
    super();
    this._register(analyses.onDidUpdate((d) => this.check(d)));
    this._register(analyses.onDidClose((d) => this.gate.forget(d.uri.toString())));
    if (fileView) this._register(fileView.onDidChange((uri) => this.checkShown(uri.toString())));
  }

  addFileLensExtra(extra: FileLensExtra): vscode.Disposable {
    this.extras.push(extra);
    return { dispose: () => this.extras.splice(this.extras.indexOf(extra), 1) };
  }

  /** Something shown on the lenses may have changed (a lint summary, a setting). */
  refresh(): void { this.checkShown(); }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.docs.isPrompt(document)) return [];
    const uri = document.uri.toString();
    const version = document.version;
    this.gate.begin(uri);
    let lenses: vscode.CodeLens[] | undefined;
    try {
      const state = await this.analyses.getNow(document);
      if (token.isCancellationRequested) return [];
      lenses = state.version === document.version ? this.lensesFor(document, state, true) : [];
      return lenses;
    } finally {
      this.gate.end(uri, version, lenses && signature(lenses));
    }
  }

  /** `check` each open document, or only the one at `uri`. */
  private checkShown(uri?: string): void {
    for (const d of vscode.workspace.textDocuments) if (uri === undefined || d.uri.toString() === uri) this.check(d);
  }

  private check(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    const state = this.gate.isShown(uri) ? this.analyses.latest(document) : undefined;
    if (state && this.gate.shouldFire(uri, document.version, signature(this.lensesFor(document, state, false)))) this._onDidChange.fire();
  }

  /** `ask`: VS Code asked for these lenses (false: built only to compare with what it shows). */
  private lensesFor(document: vscode.TextDocument, state: AnalysisState, ask: boolean): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    if (state.kind === 'not-a-prompt') return [];
    if (state.kind === 'failed') {
      return [new vscode.CodeLens(top, { title: `$(error) Promptmeter could not count this file: ${state.message}`, command: '', tooltip: state.message })];
    }
    if (state.kind === 'too-large') {
      return [
        new vscode.CodeLens(top, { title: `$(warning) too large to count live (${state.sizeKB.toLocaleString('en-US')} KB)`, command: '', tooltip: `Above promptmeter.analysis.maxSizeKB (${state.limitKB.toLocaleString('en-US')} KB)` }),
        new vscode.CodeLens(top, { title: 'Count once', command: 'promptmeter.countOnce', tooltip: 'Count this version once', arguments: [document.uri] }),
      ];
    }
    const a = state.analysis;
    const lenses = [
      new vscode.CodeLens(top, { title: fileLensTitle(this.fileView?.view(document, a, ask) ?? a), command: 'promptmeter.pickModel', tooltip: 'Pick the model for this file', arguments: [document.uri] }),
    ];
    if (vscode.workspace.isTrusted) {
      lenses.push(new vscode.CodeLens(top, { title: '$(play) Run', command: 'promptmeter.runPrompt', tooltip: 'Run this prompt', arguments: [document.uri] }));
    }
    if (state.doc.alwaysOn) {
      const c = contextFileCost(a, this.docs.current.turnsPerDay, this.docs.priceBook);
      lenses.push(new vscode.CodeLens(top, {
        title: contextLensTitle(state.doc.alwaysOn, c, a.inputTokens, a.estimated), command: '',
        tooltip: `Sent with every agent or chat turn: cost per turn, and over promptmeter.turnsPerDay turns without and with prompt caching (${a.model})`,
      }));
    }
    for (const extra of this.extras) {
      const cmd = extra(document);
      if (cmd) lenses.push(new vscode.CodeLens(top, cmd));
    }
    // Tools and a response schema are input too, priced at the same rate as the rest of it.
    const inputRate = a.cost.priced ? this.docs.priceBook.lookup(a.model, a.provider)?.rates(a.inputTokens).input : undefined;
    if (a.tools) {
      // Their own line, where the file declares them.
      const at = keyLine(document, 'tools', 'functions');
      lenses.push(new vscode.CodeLens(new vscode.Range(at, 0, at, 0), {
        title: toolsLensTitle(a.tools, inputRate), command: '',
        tooltip: toolsLensTooltip(a.tools, a.provider),
      }));
    }
    if (a.schema) {
      const at = keyLine(document, 'response_format', 'outputs'); // Prompty v2 declares it as outputs:
      lenses.push(new vscode.CodeLens(new vscode.Range(at, 0, at, 0), {
        title: schemaLensTitle(a.schema, inputRate), command: '',
        tooltip: 'The response schema as the model is shown it: an estimate, within a few tokens on most recorded requests. Promptmeter: Count Exactly asks the provider for the exact figure.',
      }));
    }
    for (const m of a.messages) {
      const line = Math.min(m.range.start.line, document.lineCount - 1);
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: messageLensTitle(m.role, m.tokens, m.inputMicros, m.estimated, m.underOneMicro), command: '',
        tooltip: `${m.name ? `${m.role} (${m.name})` : m.role}: this message's content alone${m.images ? ', its images included' : ''}`,
      }));
      for (const img of m.images ?? []) {
        const at = Math.min(img.range.start.line, document.lineCount - 1);
        lenses.push(new vscode.CodeLens(new vscode.Range(at, 0, at, 0), {
          title: messageLensTitle('image', img.tokens, img.inputMicros, img.estimated), command: '',
          tooltip: img.estimated ? 'An image: an estimate (its size is unknown, or this model\'s image formula is not confirmed by billed requests)' : 'An image: counted from its size by OpenAI\'s vision guide',
        }));
      }
    }
    return lenses;
  }
}

/** What a user sees of a set of lenses: their lines and titles. */
function signature(lenses: vscode.CodeLens[]): string {
  return lenses.map((l) => `${l.range.start.line}:${l.command?.title ?? ''}`).join('\n');
}

/** The line declaring the first of `keys` found (frontmatter key or JSON property), else the first line. */
function keyLine(document: vscode.TextDocument, ...keys: string[]): number {
  const text = document.getText();
  for (const key of keys) {
    const m = new RegExp(`^[ \\t]*"?${key}"?[ \\t]*:`, 'm').exec(text);
    if (m) return document.positionAt(m.index).line;
  }
  return 0;
}
