import * as path from 'node:path';
import * as vscode from 'vscode';
import { budgetStage, BudgetManager, RESERVATION_MARGIN_MS } from '../../core/client/budget/budget';
import { clearCache, type ClearFilter } from '../../core/client/cache';
import { ledgerStage } from '../../core/client/ledgerStage';
import { buildCacheLayers, createPipeline, type Pipeline } from '../../core/client/pipeline';
import { createProviderCall } from '../../core/client/providers';
import { openAIEmbedder, type Embedder } from '../../core/client/semantic';
import { Ledger } from '../../core/ledger/ledgerFile';
import { redactSecrets } from '../../core/ledger/redact';
import { PriceBook } from '../../core/pricing/prices';
import { onSettingsChanged, readSettings, type Settings } from '../settings';
import { baseUrlsFrom } from './request';
import { ApiKeys } from './secrets';
import { DEFAULTS } from '../../core/settings';

const ledgers = new WeakMap<vscode.ExtensionContext, { ledger: Ledger; maxSizeBytes: number }>();

/**
 * The extension's spend ledger, `<globalStorage>/ledger.jsonl`, shared by run and the spend panel
 * (`registerSpend(context, { ledger: () => getLedger(context), ... })`); a new size limit gives a new instance.
 */
export function getLedger(context: vscode.ExtensionContext): Ledger {
  const maxSizeBytes = Math.round((readSettings().ledgerMaxSizeMB || DEFAULTS.ledgerMaxSizeMB) * 1024 * 1024);
  let held = ledgers.get(context);
  if (!held || held.maxSizeBytes !== maxSizeBytes) {
    held = { ledger: new Ledger({ path: ledgerPath(context), maxSizeBytes }), maxSizeBytes };
    ledgers.set(context, held);
  }
  return held.ledger;
}

export const ledgerPath = (context: vscode.ExtensionContext): string => path.join(context.globalStorageUri.fsPath, 'ledger.jsonl');
const cacheDir = (context: vscode.ExtensionContext): string => path.join(context.globalStorageUri.fsPath, 'cache');

/**
 * Owns the pipeline: built lazily, rebuilt after a settings or key change (the next run uses the new one;
 * a run in progress keeps its own). Logs go to the Promptmeter channel with keys scrubbed.
 */
export class RunServices implements vscode.Disposable {
  readonly keys: ApiKeys;
  private settings: Settings = readSettings();
  private pipeline: Pipeline | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly _onBudgetWarning = new vscode.EventEmitter<string>();
  readonly onBudgetWarning = this._onBudgetWarning.event;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    this.keys = new ApiKeys(context.secrets);
    this.subscriptions.push(
      this.keys, this._onBudgetWarning,
      onSettingsChanged((s) => {
        const changed = pipelineSettings(s) !== pipelineSettings(this.settings);
        this.settings = s;
        // Other settings (lenses, lint) leave the pipeline, and its memory cache, alone.
        if (changed) this.invalidate('settings changed');
      }),
      this.keys.onDidChange(() => this.invalidate('API key changed')),
    );
  }

  get current(): Settings { return this.settings; }
  get ledger(): Ledger { return getLedger(this.context); }

  /** One line to the log, with every known key removed. */
  logLine(line: string): void { this.log.info(this.redact(line)); }
  redact(text: string, maxLength = 4000): string { return redactSecrets(text, this.keys.known(), maxLength); }

  get(): Pipeline {
    this.pipeline ??= this.build(this.settings);
    return this.pipeline;
  }

  /** With the cache turned off the pipeline has no layers, yet entries stored earlier may still be on disk or in Redis. */
  async clearCache(filter: ClearFilter): Promise<Record<string, number>> {
    if (this.settings.cacheEnabled) return this.get().clearCache(filter);
    const layers = buildCacheLayers({ memoryEntries: 0, dir: cacheDir(this.context), redisUrl: this.settings.redisUrl.trim() });
    try {
      return await clearCache(layers, filter);
    } finally {
      await Promise.allSettled(layers.map((l) => l.dispose?.()));
    }
  }

  private invalidate(why: string): void {
    if (!this.pipeline) return;
    this.log.debug(`pipeline rebuilt on next run: ${why}`);
    void Promise.resolve(this.pipeline.dispose()).catch(() => undefined);
    this.pipeline = undefined;
  }

  private build(s: Settings): Pipeline {
    const prices = new PriceBook(s.prices);
    const log = (line: string) => this.logLine(line);
    const budget = new BudgetManager({
      ledger: this.ledger, prices, reservationTtlMs: s.requestDeadlineMs + RESERVATION_MARGIN_MS, limits: {
        dailyUSD: s.budgetDailyUSD, weeklyUSD: s.budgetWeeklyUSD, monthlyUSD: s.budgetMonthlyUSD, perCallUSD: s.budgetPerCallUSD,
      },
    });
    const baseUrls = baseUrlsFrom(s, process.env);
    const pipeline = createPipeline({
      terminal: createProviderCall({
        apiKey: (p) => this.keys.get(p), timeoutMs: s.requestTimeoutMs, maxRetries: s.requestMaxRetries,
        streamIdleMs: s.requestStreamIdleMs, firstByteTimeoutMs: s.requestFirstByteTimeoutMs, prices,
      }),
      deadlineMs: s.requestDeadlineMs,
      prices,
      ledgerStage: ledgerStage({ ledger: this.ledger, prices, workspace: workspaceName(), secrets: () => this.keys.known() }),
      budgetStage: budgetStage(budget, { onWarning: (m) => this._onBudgetWarning.fire(m) }),
      cache: { enabled: s.cacheEnabled, ttlSeconds: s.cacheTtlSeconds, dir: cacheDir(this.context), redisUrl: s.redisUrl.trim() },
      semantic: s.semanticCacheEnabled ? {
        embed: this.embedder(s, baseUrls.openai), threshold: s.semanticCacheThreshold,
        file: path.join(this.context.globalStorageUri.fsPath, 'semantic-cache.json'),
      } : undefined,
      route: s.route,
      baseUrls,
      log,
    });
    this.log.info(`pipeline: cache ${s.cacheEnabled ? `memory+disk${s.redisUrl.trim() ? '+redis' : ''}` : 'off'}, ` +
      `semantic ${s.semanticCacheEnabled ? 'on' : 'off'}, budget ${budget.enabled ? 'on' : 'off'}, ledger ${this.ledger.path}`);
    return pipeline;
  }

  /** Embeddings for the semantic cache through the OpenAI-compatible endpoint, with the key read per call. */
  private embedder(s: Settings, openaiBaseUrl: string): Embedder {
    return async (texts, signal) => {
      const apiKey = await this.keys.get('openai');
      if (!apiKey) throw new Error('the semantic cache needs an OpenAI-compatible key for embeddings');
      const baseURL = s.semanticCacheBaseUrl.trim() || openaiBaseUrl || undefined;
      return openAIEmbedder({ apiKey, baseURL, model: s.semanticCacheEmbeddingModel, timeoutMs: s.requestTimeoutMs })(texts, signal);
    };
  }

  dispose(): void {
    this.invalidate('disposed');
    for (const d of this.subscriptions) d.dispose();
  }
}

/** The settings the pipeline is built from, as one comparable string. */
function pipelineSettings(s: Settings): string {
  return JSON.stringify([
    s.prices, s.openaiBaseUrl, s.anthropicBaseUrl, s.requestTimeoutMs, s.requestMaxRetries, s.requestStreamIdleMs,
    s.requestFirstByteTimeoutMs, s.requestDeadlineMs,
    s.cacheEnabled, s.cacheTtlSeconds, s.redisUrl, s.semanticCacheEnabled, s.semanticCacheThreshold,
    s.semanticCacheEmbeddingModel, s.semanticCacheBaseUrl, s.route, s.budgetDailyUSD, s.budgetMonthlyUSD, s.budgetPerCallUSD,
    s.budgetWeeklyUSD, s.ledgerMaxSizeMB,
  ]);
}

/** The workspace name recorded in the ledger. */
export function workspaceName(): string {
  return vscode.workspace.name ?? vscode.workspace.workspaceFolders?.[0]?.name ?? '(no folder)';
}
