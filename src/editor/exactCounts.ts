import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromptAnalysis } from '../core/analysis/analyze';
import { calibratedInput, localEstimate, withInputTokens } from '../core/exact/adjust';
import { CalibrationTable, describeCalibration } from '../core/exact/calibration';
import { CountCache } from '../core/exact/countCache';
import { countRequest, providerOf } from '../core/exact/countRequest';
import { ExactCounter, type ExactCount } from '../core/exact/exactCounter';
import { RateLimiter } from '../core/exact/rateLimit';
import { firstDatasetRow } from '../core/dataset/firstRow';
import { partialsBeside } from '../core/render/partials';
import type { AnalysisManager } from './analysis/manager';
import { Disposable } from './disposable';
import type { DocumentTracker } from './tracker/documentTracker';
import { formatCount as formatTokens } from '../core/money';
import type { PromptDocuments } from './promptDocuments';
import { baseUrlsFrom } from '../core/run/baseUrls';
import type { ApiKeys } from './run/secrets';

/** Typing must pause this long before a count request goes out. */
export const EXACT_IDLE_MS = 2000;

interface Exact { version: number; model: string; inputTokens: number }
interface FileState { timer?: NodeJS.Timeout; exact?: Exact; ratio?: number; lastReason?: string; /** `version:model` last counted, so a failure is not retried on every repaint. */ attempted?: string }

/**
 * Exact input counts from the provider for the file lens: Anthropic's automatically after a pause in typing when
 * `promptmeter.exactCounts.anthropic` is on, any provider on demand ("Count Exactly"). Between counts the estimate
 * is scaled by the ratio last measured for the file and keeps its ≈.
 */
export class ExactCounts extends Disposable {
  private readonly files = new Map<string, FileState>();
  private readonly counter: ExactCounter;
  private readonly calibration: CalibrationTable;
  private tracker?: DocumentTracker<vscode.TextDocument>;
  private analyses?: AnalysisManager<vscode.TextDocument>;
  private readonly _onDidChange = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this._onDidChange.event;
  /** Count requests in flight, so a test can wait until the feature is idle. */
  private inFlight = 0;

  constructor(private readonly docs: PromptDocuments, private readonly keys: ApiKeys, storageDir: string, private readonly log: vscode.LogOutputChannel) {
    super();
    this.calibration = new CalibrationTable(path.join(storageDir, 'calibration.json'));
    this.counter = new ExactCounter({
      cache: new CountCache(path.join(storageDir, 'count-cache.json')),
      calibration: this.calibration,
      limiter: new RateLimiter(() => this.docs.current.exactCountsRequestsPerMinute),
      apiKey: (p) => this.keys.get(p),
      baseUrl: (p) => baseUrlsFrom(this.docs.current, process.env)[p],
    });
    this._register({ dispose: () => { for (const s of this.files.values()) if (s.timer) clearTimeout(s.timer); } });
  }

  /**
   * Follow the one document tracker: a version that typing produced is counted once typing has paused for
   * EXACT_IDLE_MS in all (the tracker's debounce included), and what is counted is that version's analysis.
   */
  follow(tracker: DocumentTracker<vscode.TextDocument>, analyses: AnalysisManager<vscode.TextDocument>): void {
    this.tracker = tracker;
    this.analyses = analyses;
    this._register(tracker.onDidBecomeReady(({ document, edited }) => {
      if (edited && this.wanted(document)) this.schedule(document, Math.max(0, EXACT_IDLE_MS - this.docs.current.debounceMs));
    }));
    this._register(tracker.onDidClose((d) => {
      const s = this.files.get(d.uri.toString());
      if (s?.timer) clearTimeout(s.timer);
      // The ratio stays for the file; the exact figure belonged to this open document's versions.
      if (s) { s.timer = undefined; s.exact = undefined; s.attempted = undefined; }
    }));
  }

  /** The file lens's figures: exact for this version, else the estimate scaled by the file's last ratio; being shown (`ask`) starts an automatic count. */
  view(document: vscode.TextDocument, a: PromptAnalysis, ask = true): PromptAnalysis {
    const s = this.state(document);
    if (ask && s.attempted !== `${document.version}:${a.model}` && s.timer === undefined && this.automatic(document)) this.schedule(document, 0);
    if (s.exact && s.exact.version === document.version && s.exact.model === a.model) {
      return withInputTokens(a, s.exact.inputTokens, false, this.docs.priceBook);
    }
    if (s.ratio !== undefined && a.estimated) return withInputTokens(a, calibratedInput(localEstimate(a), s.ratio), true, this.docs.priceBook);
    return a;
  }

  /** Hover lines: where the figure came from and how far the estimate was off when last checked. */
  hoverLines(document: vscode.TextDocument, a: PromptAnalysis): string[] {
    const s = this.state(document);
    const lines: string[] = [];
    if (s.exact && s.exact.version === document.version && s.exact.model === a.model) {
      lines.push(`Exact input: ${formatTokens(s.exact.inputTokens)} tokens, counted by ${providerOf(this.docs.parse(document)!, a.model) === 'anthropic' ? 'Anthropic count_tokens' : 'OpenAI responses.inputTokens.count'}.`);
    } else if (s.ratio !== undefined && a.estimated) {
      lines.push(`Estimate scaled by ×${s.ratio.toFixed(3)}, the ratio last measured for this file.`);
    }
    const c = this.calibration.peek(a.model);
    if (c) lines.push(`Calibration (${a.model}): ${describeCalibration(c)}.`);
    if (s.lastReason) lines.push(`Last exact count failed: ${s.lastReason}.`);
    return lines;
  }

  /** "Promptmeter: Count Exactly": one count now, whatever the setting, for any provider. */
  async countNow(document: vscode.TextDocument, signal?: AbortSignal): Promise<ExactCount | undefined> {
    return this.run(document, signal);
  }

  /** For tests: whether a count is waiting for a pause in typing or in flight. */
  get busy(): boolean {
    return this.inFlight > 0 || [...this.files.values()].some((s) => s.timer !== undefined)
      || (this.docs.current.exactCountsAnthropic && !!this.tracker?.hasPending());
  }

  /** Counting is on and the file is a prompt: cheap, no parse (checked as typing pauses). */
  private wanted(document: vscode.TextDocument): boolean {
    return this.docs.current.exactCountsAnthropic && this.docs.isPrompt(document);
  }

  private automatic(document: vscode.TextDocument): boolean {
    if (!this.wanted(document)) return false;
    const doc = this.docs.parse(document);
    return !!doc && providerOf(doc, this.docs.modelFor(document, doc)) === 'anthropic';
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const s = this.state(document);
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      s.timer = undefined;
      if (!document.isClosed && !this.isDisposed && this.automatic(document)) void this.run(document);
    }, delay);
  }

  private async run(document: vscode.TextDocument, signal?: AbortSignal): Promise<ExactCount | undefined> {
    // The analysis the lens shows (made in the worker), not a second one on this thread.
    const state = this.analyses ? await this.analyses.get(document) : undefined;
    const found = state ? (state.kind === 'ok' && state.version === document.version ? state : undefined) : this.docs.analyze(document);
    if (!found) return undefined;
    const { doc, analysis } = found;
    const version = document.version;
    const s = this.state(document);
    s.attempted = `${version}:${analysis.model}`;
    // The ratio compares like with like: the exact count of the rendered request and the local count of that request.
    const local = localEstimate(analysis);
    let result: ExactCount;
    this.inFlight++;
    try {
      // Rendered with the values the lens's rendered count used (the dataset's first row wins over defaults).
      const onDisk = document.uri.scheme === 'file';
      const render = onDisk ? { resolvePartial: partialsBeside(document.uri.fsPath) } : {};
      const vars = onDisk ? firstDatasetRow(document.uri.fsPath, doc)?.vars : undefined;
      result = await this.counter.count(countRequest(doc, analysis.model, { render, vars }), local, signal);
    } catch (e) {
      // A template that does not render, say: keep the estimate and say why.
      result = { ok: false, reason: (e as Error).message ?? String(e), hash: '' };
    } finally {
      this.inFlight--;
    }
    if (result.ok) {
      s.lastReason = undefined;
      s.ratio = local > 0 ? result.inputTokens / local : s.ratio;
      if (document.version === version) s.exact = { version, model: analysis.model, inputTokens: result.inputTokens };
      this.log.info(`Exact count of ${document.uri.fsPath} (${analysis.model}): ${result.inputTokens} input tokens${result.source === 'cache' ? ' (from the count cache)' : ''}; local estimate ${local}.`);
    } else {
      if (result.reason !== s.lastReason) this.log.warn(`Exact count of ${document.uri.fsPath} not available, keeping the estimate: ${result.reason}`);
      s.lastReason = result.reason;
    }
    await this.calibration.get(analysis.model);
    this._onDidChange.fire(document.uri);
    return result;
  }

  private state(document: vscode.TextDocument): FileState {
    const key = document.uri.toString();
    let s = this.files.get(key);
    if (!s) this.files.set(key, (s = {}));
    return s;
  }
}

/** Command handler: counts the given or active prompt file, with progress and cancel. */
export async function countExactlyCommand(exact: ExactCounts, docs: PromptDocuments, uri?: vscode.Uri): Promise<ExactCount | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || !docs.isPrompt(document)) {
    void vscode.window.showWarningMessage('Promptmeter: open a prompt file to count it exactly.');
    return undefined;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Promptmeter: counting with the provider…', cancellable: true },
    (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return exact.countNow(document, abort.signal);
    },
  );
  if (result?.ok) void vscode.window.showInformationMessage(`Promptmeter: ${formatTokens(result.inputTokens)} input tokens, exact (${result.source === 'cache' ? 'counted before' : 'counted by the provider'}).`);
  else if (result) void vscode.window.showWarningMessage(`Promptmeter: no exact count, the lens keeps its estimate: ${result.reason}`);
  return result;
}
