import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { batchMultiplier } from '../../core/batch/discount';
import { submitBatch } from '../../core/batch/service';
import { buildReport, estimateRows, evaluate, fileResultStore, type EvalProgress, type EvalRowResult, type PreparedEval } from '../../core/eval';
import { toMicros } from '../../core/ledger/record';
import { PriceBook } from '../../core/pricing/prices';
import { formatUSD } from '../../core/money';
import { type RunServices, workspaceName } from '../run/services';
import type { BatchJobsView } from './batchView';
import { editorBatchContext, evalStoreDir } from './context';
import type { EvalPanels } from './panel';
import { type DatasetDiagnostics, prepareForEditor } from './prepare';

/** Arguments a lens or a test may pass instead of asking. */
export interface RunDatasetArgs { models?: string[]; mode?: 'sync' | 'batch'; pack?: number; confirm?: boolean }

const money = (m: number | null) => (m === null ? 'unpriced' : formatUSD(m));

/** "Promptmeter: Run Dataset": every row of the prompt's dataset against one or more models, synchronously or as a provider batch. */
export class RunDatasetCommand {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: RunServices,
    private readonly panels: EvalPanels,
    private readonly batches: BatchJobsView,
    private readonly diagnostics: DatasetDiagnostics,
  ) {}

  /** Never throws: failures become a notification and a log line. */
  async execute(uri?: vscode.Uri, args: RunDatasetArgs = {}): Promise<void> {
    try {
      await this.run(uri, args);
    } catch (err) {
      const message = this.services.redact((err as Error)?.message ?? String(err));
      this.services.logLine(`run dataset failed: ${message}`);
      void vscode.window.showErrorMessage(`Promptmeter: ${message}`);
    }
  }

  private async run(uri: vscode.Uri | undefined, args: RunDatasetArgs): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Promptmeter: running datasets is disabled in Restricted Mode, because a run sends your API key to a server. Trust this workspace to run them.');
      return;
    }
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) { void vscode.window.showInformationMessage('Promptmeter: open a prompt file to run its dataset.'); return; }
    const first = await prepareForEditor(document.uri, this.services, undefined, document.getText());
    const models = args.models ?? await this.pickModels(first);
    if (!models?.length) return;
    const prep = await prepareForEditor(document.uri, this.services, models, document.getText());
    this.diagnostics.report(prep.dataset.path, prep.dataset.problems);
    if (prep.dataset.problems.length) {
      void vscode.window.showWarningMessage(`Promptmeter: ${prep.dataset.problems.length} dataset row(s) skipped; see the Problems panel (${prep.dataset.problems.slice(0, 3).map((p) => `line ${p.line}: ${p.message}`).join('; ')}).`);
    }
    if (!prep.dataset.rows.length) { void vscode.window.showWarningMessage('Promptmeter: the dataset has no rows to run.'); return; }

    const s = this.services.current;
    const prices = new PriceBook(s.prices);
    const reqs = new Map(prep.models.map((m) => [m, prep.dataset.rows.map((r) => prep.requestFor(r, m))]));
    const est = estimateRows(reqs, prices, s.expectedOutputTokens, (r) => batchMultiplier(r.provider));
    const total = (k: 'syncMicros' | 'batchMicros') => (est.some((e) => e[k] === null) ? null : est.reduce((t, e) => t + e[k]!, 0));
    const n = `${prep.dataset.rows.length} rows × ${prep.models.length} model${prep.models.length > 1 ? 's' : ''}`;
    const detail = (k: 'syncMicros' | 'batchMicros') => est.map((e) => `${e.model} ${e.approximate ? '≈' : ''}${money(e[k])}`).join(' · ');
    const mode = args.mode ?? (await vscode.window.showQuickPick([
      { label: `$(play) Run now · ${money(total('syncMicros'))}`, description: n, detail: detail('syncMicros'), mode: 'sync' as const },
      { label: `$(cloud-upload) Provider batch · ${money(total('batchMicros'))}`, description: 'half price, results within 24 h', detail: detail('batchMicros'), mode: 'batch' as const },
    ], { title: `Run dataset: ${path.basename(document.fileName)}`, placeHolder: 'Estimated cost before anything is sent' }))?.mode;
    if (!mode) return;
    const cost = total(mode === 'sync' ? 'syncMicros' : 'batchMicros');
    if (args.confirm !== false && cost !== null && cost > toMicros(s.confirmAboveUSD)) {
      const go = await vscode.window.showWarningMessage(`Run ${n}? Estimated cost ${money(cost)}, above promptmeter.confirmAboveUSD (${formatUSD(toMicros(s.confirmAboveUSD))}).`, { modal: true }, 'Run');
      if (go !== 'Run') return;
    }
    const title = `${path.basename(document.fileName)} · ${n}`;
    if (mode === 'batch') await this.submit(prep, document);
    else await this.runSync(prep, document, title, prices, args.pack);
  }

  private async pickModels(prep: PreparedEval): Promise<string[] | undefined> {
    const known = [...new Set([...prep.models, ...this.services.current.compareModels])];
    const picked = await vscode.window.showQuickPick(known.map((m) => ({ label: m, picked: prep.models.includes(m) })), {
      canPickMany: true, title: 'Models to compare', placeHolder: 'Each row runs against every model you pick',
    });
    return picked?.map((p) => p.label);
  }

  private async submit(prep: PreparedEval, document: vscode.TextDocument): Promise<void> {
    const ctx = editorBatchContext(this.context, this.services);
    const ids: string[] = [];
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Promptmeter: submitting batch' }, async () => {
      for (const model of prep.models) {
        const job = await submitBatch(ctx, {
          rows: prep.dataset.rows, model, requestFor: prep.requestFor, assert: prep.assertions,
          workspace: workspaceName(), file: vscode.workspace.asRelativePath(document.uri, false),
        });
        ids.push(job.id);
      }
    });
    this.batches.start();
    void vscode.window.showInformationMessage(`Promptmeter: ${ids.length} batch job(s) submitted (${ids.join(', ')}). Results land in the ledger and the Batches view, even after a reload.`);
  }

  private async runSync(prep: PreparedEval, document: vscode.TextDocument, title: string, prices: PriceBook, pack?: number): Promise<void> {
    const key = `dataset:${document.uri.toString()}`;
    const results: EvalRowResult[] = [];
    let progress: EvalProgress = { total: prep.dataset.rows.length * prep.models.length, done: 0, failed: 0, left: prep.dataset.rows.length * prep.models.length };
    const base = { prompt: vscode.workspace.asRelativePath(document.uri, false), dataset: prep.dataset, models: prep.models, rows: prep.dataset.rows.length };
    const detail = async (row: number, model: string) => {
      const r = prep.dataset.rows[row];
      return r ? { request: prep.requestFor(r, model), vars: r.vars } : undefined;
    };
    let shown = 0;
    const show = (force = false) => {
      // The view redraws at most every 250 ms while rows stream in.
      if (!force && Date.now() - shown < 250) return;
      shown = Date.now();
      this.panels.show(key, { title, report: buildReport(base, results), progress, detail });
    };
    show(true);
    const store = fileResultStore(path.join(evalStoreDir(this.context), `${createHash('sha256').update(document.uri.toString()).digest('hex').slice(0, 16)}.jsonl`));
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Promptmeter: ${title}`, cancellable: true }, async (p, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
      let last = 0;
      return evaluate({
        ...base, rows: prep.dataset.rows, assertions: prep.assertions, requestFor: prep.requestFor,
        run: (req, ctx) => this.services.get().run(req, ctx), prices, concurrency: 4, pack, signal: controller.signal, store,
        log: (l) => this.services.logLine(l),
        onResult: (r) => { results.push(r); show(); },
        onProgress: (pr) => {
          progress = pr;
          const finished = pr.done + pr.failed;
          p.report({ message: `${pr.done} done · ${pr.failed} failed · ${pr.left} left`, increment: ((finished - last) / Math.max(1, pr.total)) * 100 });
          last = finished;
        },
      });
    });
    this.panels.show(key, { title, report, detail });
    const summary = report.cheapestPassing
      ? `cheapest model that passes every assertion: ${report.cheapestPassing.model} (${formatUSD(report.cheapestPassing.per1000Micros)} per 1,000 rows)`
      : 'no model passed every assertion';
    void vscode.window.showInformationMessage(`Promptmeter: ${report.cancelled ? 'cancelled; answered rows are kept' : 'dataset done'} · ${formatUSD(report.costMicros)} · ${summary}.`);
  }
}
