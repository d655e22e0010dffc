import * as path from 'node:path';
import * as vscode from 'vscode';
import { budgetStage, BudgetManager } from '../../core/client/budget';
import { clearCache, diskLayer, exactCacheStage, memoryLayer, redisLayer, type CacheLayerStore, type ClearFilter } from '../../core/client/cache';
import { dedupeStage } from '../../core/client/dedupe';
import { ledgerStage } from '../../core/client/ledgerStage';
import { createProviderCall } from '../../core/client/providers';
import { routerStage } from '../../core/client/router';
import { openAIEmbedder, semanticCacheStage, semanticStore } from '../../core/client/semantic';
import { compose, type CallContext, type ChatRequest, type ChatResponse, type Stage } from '../../core/client/types';
import { Ledger } from '../../core/ledger/ledgerFile';
import { redactSecrets } from '../../core/ledger/redact';
import { PriceBook } from '../../core/pricing/prices';
import { onSettingsChanged, readSettings, type Settings } from '../settings';
import { ApiKeys } from './secrets';

/** What the run, clear-cache and spend features need from the request pipeline. */
export interface RunPipeline {
  run(req: ChatRequest, ctx: CallContext): Promise<ChatResponse>;
  clearCache(filter: ClearFilter): Promise<Record<string, number>>;
  dispose(): Promise<void> | void;
}

const ledgers = new WeakMap<vscode.ExtensionContext, Ledger>();

/** The extension's spend ledger, `<globalStorage>/ledger.jsonl`, shared by run and the spend panel. */
export function getLedger(context: vscode.ExtensionContext): Ledger {
  let ledger = ledgers.get(context);
  if (!ledger) {
    ledger = new Ledger({ path: ledgerPath(context), maxSizeBytes: Math.round(readSettings().ledgerMaxSizeMB * 1024 * 1024) });
    ledgers.set(context, ledger);
  }
  return ledger;
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
  private pipeline: RunPipeline | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly _onBudgetWarning = new vscode.EventEmitter<string>();
  readonly onBudgetWarning = this._onBudgetWarning.event;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    this.keys = new ApiKeys(context.secrets);
    this.subscriptions.push(
      this.keys, this._onBudgetWarning,
      onSettingsChanged((s) => { this.settings = s; this.invalidate('settings changed'); }),
      this.keys.onDidChange(() => this.invalidate('API key changed')),
    );
  }

  get current(): Settings { return this.settings; }
  get ledger(): Ledger { return getLedger(this.context); }

  /** One line to the log, with every known key removed. */
  logLine(line: string): void { this.log.info(this.redact(line)); }
  redact(text: string, maxLength = 4000): string { return redactSecrets(text, this.keys.known(), maxLength); }

  get(): RunPipeline {
    this.pipeline ??= this.build(this.settings);
    return this.pipeline;
  }

  clearCache(filter: ClearFilter): Promise<Record<string, number>> { return this.get().clearCache(filter); }

  private invalidate(why: string): void {
    if (!this.pipeline) return;
    this.log.debug(`pipeline rebuilt on next run: ${why}`);
    void Promise.resolve(this.pipeline.dispose()).catch(() => undefined);
    this.pipeline = undefined;
  }

  private build(s: Settings): RunPipeline {
    const prices = new PriceBook(s.prices);
    const log = (line: string) => this.logLine(line);
    const layers: CacheLayerStore[] = [memoryLayer(), diskLayer({ dir: cacheDir(this.context), log })];
    if (s.redisUrl.trim()) layers.push(redisLayer({ url: s.redisUrl.trim(), log }));
    const budget = new BudgetManager({
      ledger: this.ledger, prices, limits: { dailyUSD: s.budgetDailyUSD, monthlyUSD: s.budgetMonthlyUSD, perCallUSD: s.budgetPerCallUSD },
    });
    const stages: Stage[] = [
      ledgerStage({ ledger: this.ledger, prices, workspace: workspaceName(), secrets: () => this.keys.known() }),
      budgetStage(budget, { onWarning: (m) => this._onBudgetWarning.fire(m) }),
    ];
    if (s.cacheEnabled) stages.push(exactCacheStage(layers, { prices, ttlSeconds: s.cacheTtlSeconds, log }));
    const semantic = s.semanticCacheEnabled
      ? semanticStore({ file: path.join(this.context.globalStorageUri.fsPath, 'semantic-cache.json'), log }) : undefined;
    if (semantic) {
      stages.push(semanticCacheStage({
        embed: async (texts, signal) => {
          const apiKey = await this.keys.get('openai');
          if (!apiKey) throw new Error('the semantic cache needs an OpenAI-compatible key for embeddings');
          const baseURL = s.semanticCacheBaseUrl || s.openaiBaseUrl || process.env.OPENAI_BASE_URL || undefined;
          return openAIEmbedder({ apiKey, baseURL, model: s.semanticCacheEmbeddingModel, timeoutMs: s.requestTimeoutMs })(texts, signal);
        },
        store: semantic,
        threshold: s.semanticCacheThreshold, prices, ttlSeconds: s.cacheTtlSeconds, log,
      }));
    }
    stages.push(dedupeStage({ prices }), routerStage({ prices, route: s.route }));
    const call = compose(stages, createProviderCall({
      apiKey: (p) => this.keys.get(p), timeoutMs: s.requestTimeoutMs, maxRetries: s.requestMaxRetries,
      streamIdleMs: s.requestStreamIdleMs, prices,
    }));
    this.log.info(`pipeline: cache ${s.cacheEnabled ? layers.map((l) => l.name).join('+') : 'off'}, ` +
      `semantic ${s.semanticCacheEnabled ? 'on' : 'off'}, budget ${budget.enabled ? 'on' : 'off'}, ledger ${this.ledger.path}`);
    return {
      run: call,
      clearCache: async (filter) => {
        const counts = await clearCache(layers, filter);
        if (semantic) counts.semantic = await semantic.clear(filter).catch(() => 0);
        return counts;
      },
      dispose: async () => { await Promise.allSettled(layers.map((l) => l.dispose?.())); },
    };
  }

  dispose(): void {
    this.invalidate('disposed');
    for (const d of this.subscriptions) d.dispose();
  }
}

/** The workspace name recorded in the ledger. */
export function workspaceName(): string {
  return vscode.workspace.name ?? vscode.workspace.workspaceFolders?.[0]?.name ?? '(no folder)';
}
