import * as vscode from 'vscode';
import { cancelJob, refreshJob, type BatchContext } from '../../core/batch/service';
import { type BatchJob, FINAL_STATUSES } from '../../core/batch/types';
import { buildReport } from '../../core/eval';
import type { EvalPanels } from './panel';

const finished = (j: BatchJob) => j.counts.succeeded + j.counts.errored + j.counts.expired + j.counts.canceled;

/**
 * The Batches view: every provider batch this machine submitted, with its progress. It polls the jobs that have
 * not landed (also those submitted before a reload or restart) and lands their results in the ledger.
 */
export class BatchJobsView implements vscode.TreeDataProvider<BatchJob>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private readonly landedHere = new Set<string>();

  constructor(private readonly ctx: () => BatchContext, private readonly panels: EvalPanels, private readonly pollMs: () => number) {}

  async getChildren(element?: BatchJob): Promise<BatchJob[]> {
    if (element) return [];
    const jobs = await this.ctx().store.list().catch(() => []);
    return jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  getTreeItem(j: BatchJob): vscode.TreeItem {
    const item = new vscode.TreeItem(`${j.file ?? j.id} · ${j.model}`);
    item.id = j.id;
    item.description = `${j.landed ? 'landed' : j.status.replace('_', ' ')} · ${finished(j)}/${j.rows.length}`;
    item.tooltip = `${j.provider} batch ${j.id}\nsubmitted ${new Date(j.createdAt).toLocaleString()}\n${j.status}${j.error ? `\n${j.error}` : ''}`;
    item.iconPath = new vscode.ThemeIcon(j.landed ? 'pass' : FINAL_STATUSES.has(j.status) ? 'cloud-download' : 'sync~spin');
    item.contextValue = j.landed || FINAL_STATUSES.has(j.status) ? 'promptmeterBatchDone' : 'promptmeterBatchRunning';
    if (j.landed) item.command = { command: 'promptmeter.batch.openResults', title: 'Open Results', arguments: [j] };
    return item;
  }

  /** Starts polling while any job has not landed. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.pollOnce(), this.pollMs());
    void this.pollOnce();
  }

  async pollOnce(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const ctx = this.ctx();
      const open = (await ctx.store.list()).filter((j) => !j.landed);
      for (const j of open) {
        try {
          const next = await refreshJob(ctx, j.id);
          if (next.landed && !this.landedHere.has(j.id)) {
            this.landedHere.add(j.id);
            void vscode.window.showInformationMessage(`Promptmeter: batch results landed for ${next.file ?? next.id} (${next.model}).`, 'Open Results')
              .then((pick) => pick && this.openResults(next));
          }
        } catch (err) {
          ctx.log?.(`batch ${j.id}: ${(err as Error).message}`);
        }
      }
      this.changed.fire();
      if (!open.length && this.timer) { clearInterval(this.timer); this.timer = undefined; }
    } finally {
      this.polling = false;
    }
  }

  async openResults(job: BatchJob): Promise<void> {
    const results = await this.ctx().store.results(job.id);
    const report = buildReport({ prompt: job.file ?? job.id, models: [job.model], rows: job.rows.length }, results);
    this.panels.show(`batch:${job.id}`, { title: `Batch ${job.file ?? job.id} · ${job.model}`, report });
  }

  async cancel(job: BatchJob): Promise<void> {
    await cancelJob(this.ctx(), job.id);
    this.changed.fire();
    this.start();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.changed.dispose();
  }
}
