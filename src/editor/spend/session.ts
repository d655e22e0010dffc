import * as vscode from 'vscode';
import { SpendAggregator, type AggregateOptions, type Budgets } from '../../core/spend/aggregate';
import type { Ledger, LedgerWatch } from '../../core/ledger/ledgerFile';
import { toMicros } from '../../core/ledger/record';
import { openSpendIndex, saveSpendIndex, type OpenedSpendIndex } from '../../core/spend/spendIndex';
import { PriceBook } from '../../core/pricing/prices';
import { assertNever, DEFAULT_FILTER, parsePageMessage, rangeStart, type HostMessage, type PageMessage, type SpendFilter } from '../../core/spend/protocol';
import { Disposable } from '../disposable';
import type { Settings } from '../settings';
import { exportSpend } from './exportSpend';
import { openLedgerFile } from './openFile';

export interface SpendDeps {
  ledger: () => Ledger;
  settings: () => Settings;
}

/** Re-aggregating after a burst of appends waits this long, so a busy ledger redraws a few times a second at most. */
const LIVE_THROTTLE_MS = 250;

export function budgetsOf(s: Settings): Budgets {
  const micros = (usd: number | undefined) => (usd !== undefined && usd > 0 ? toMicros(usd) : undefined);
  return { dailyMicros: micros(s.budgetDailyUSD), weeklyMicros: micros(s.budgetWeeklyUSD), monthlyMicros: micros(s.budgetMonthlyUSD) };
}

/**
 * Writes the spend index for all of a window's spend views, one write at a time: the panel and the sidebar load
 * together and would both read the tail and write the same file. A skipped write only costs the next open speed.
 */
export class SpendIndexWriter {
  private saving?: Promise<void>;

  save(ledger: Ledger, opened: OpenedSpendIndex): void {
    if (this.saving) return;
    this.saving = saveSpendIndex(ledger, opened.index, opened.position).catch(() => undefined).finally(() => { this.saving = undefined; });
  }

  /** Settles once no index write is in progress. */
  async idle(): Promise<void> {
    while (this.saving) await this.saving;
  }
}

/** One webview's spend view: reads the ledger for its filter, then follows appends live until disposed. */
export class SpendSession extends Disposable {
  private filter: SpendFilter = DEFAULT_FILTER;
  private aggregator?: SpendAggregator;
  private since?: Date;
  private watch?: LedgerWatch;
  private loading = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly webview: vscode.Webview, private readonly deps: SpendDeps, private readonly isVisible: () => boolean,
    private readonly indexWriter = new SpendIndexWriter(),
  ) {
    super();
    this._register(webview.onDidReceiveMessage((m: unknown) => {
      const msg = parsePageMessage(m);
      if (msg) this.onMessage(msg).catch((err: Error) => this.post({ type: 'error', message: err.message }));
    }));
    this._register({ dispose: () => { this.watch?.dispose(); if (this.timer) clearTimeout(this.timer); } });
  }

  private async onMessage(m: PageMessage): Promise<void> {
    switch (m.type) {
      case 'ready': return this.load(m.filter ?? this.filter);
      case 'setFilter': return this.load(m.filter);
      case 'openFile': return openLedgerFile(m.path);
      case 'export':
        if (this.aggregator) await exportSpend(m.format, this.deps.ledger(), this.filter, this.since, this.snapshot());
        return;
      case 'showPanel':
        await vscode.commands.executeCommand('promptmeter.showSpend');
        return;
      default: assertNever(m);
    }
  }

  /** Settings changed (budgets, prices): redraw from what is already aggregated. */
  refresh(): void {
    if (this.aggregator) this.postSnapshot();
  }

  private async load(filter: SpendFilter): Promise<void> {
    const generation = ++this.loading;
    this.watch?.dispose();
    this.watch = undefined;
    const now = new Date();
    const since = rangeStart(filter.range, now);
    const settings = this.deps.settings();
    const options: Omit<AggregateOptions, 'now'> = {
      since, workspace: filter.workspace, budgets: budgetsOf(settings),
      prices: new PriceBook(settings.prices), cheapModels: settings.route?.cheap ? [settings.route.cheap] : [],
    };
    const ledger = this.deps.ledger();
    // The persisted index plus the ledger's tail; every record only when there is no usable index.
    const opened = await openSpendIndex(ledger);
    if (generation !== this.loading || this.isDisposed) return;
    const aggregator = opened.index.aggregator(options);
    this.filter = filter;
    this.since = since;
    this.aggregator = aggregator;
    this.postSnapshot();
    // From where the read stopped, so no record is missed or counted twice.
    this.watch = ledger.watch((r) => { aggregator.add(r); this.scheduleLive(); }, { from: opened.position });
    // Next time, start from here: written after the first paint, under the ledger lock; a failure only costs speed.
    if (opened.readRecords > 0 || opened.source === 'rebuilt') this.indexWriter.save(ledger, opened);
  }

  private scheduleLive(): void {
    if (this.timer || this.isDisposed) return;
    this.timer = setTimeout(() => { this.timer = undefined; this.postSnapshot(); }, LIVE_THROTTLE_MS);
  }

  private snapshot() {
    return this.aggregator!.snapshot(new Date(), budgetsOf(this.deps.settings()));
  }

  private postSnapshot(): void {
    // A hidden webview is torn down (no retainContextWhenHidden) and asks again with `ready` when shown.
    if (!this.aggregator || !this.isVisible()) return;
    this.post({ type: 'snapshot', snapshot: this.snapshot(), filter: this.filter });
  }

  private post(m: HostMessage): void {
    void this.webview.postMessage(m);
  }
}
