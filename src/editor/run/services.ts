import * as path from 'node:path';
import * as vscode from 'vscode';
import { clearCache, type ClearFilter } from '../../core/client/cache';
import { buildCacheLayers, type Pipeline } from '../../core/client/pipeline';
import { Ledger } from '../../core/ledger/ledgerFile';
import { redactSecrets } from '../../core/ledger/redact';
import { PriceBook } from '../../core/pricing/prices';
import { buildRunPipeline, cacheSecrets, PIPELINE_SETTINGS } from '../../core/run/pipeline';
import { userSecret } from '../../core/client/cache/integrity';
import type { Settings, SettingsStore } from '../settings';
import { ApiKeys } from './secrets';
import { DEFAULTS } from '../../core/settings';

const ledgers = new WeakMap<vscode.ExtensionContext, { ledger: Ledger; maxSizeBytes: number }>();

/**
 * The extension's spend ledger, `<globalStorage>/ledger.jsonl`, shared by run and the spend panel
 * (`registerSpend(context, { ledger: () => getLedger(context, settings.current), ... })`); a new size limit gives a new instance.
 */
export function getLedger(context: vscode.ExtensionContext, settings: Settings): Ledger {
  const maxSizeBytes = Math.round((settings.ledgerMaxSizeMB || DEFAULTS.ledgerMaxSizeMB) * 1024 * 1024);
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
  private pipeline: Pipeline | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly _onBudgetWarning = new vscode.EventEmitter<string>();
  readonly onBudgetWarning = this._onBudgetWarning.event;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel, private readonly store: SettingsStore) {
    this.keys = new ApiKeys(context.secrets);
    this.subscriptions.push(
      this.keys, this._onBudgetWarning,
      store.onDidChange(({ changed }) => {
        // Other settings (lenses, lint) leave the pipeline, and its memory cache, alone.
        if (PIPELINE_SETTINGS.some((k) => changed.has(k))) this.invalidate('settings changed');
      }),
      this.keys.onDidChange(() => this.invalidate('API key changed')),
    );
  }

  get current(): Settings { return this.store.current; }
  get ledger(): Ledger { return getLedger(this.context, this.store.current); }

  /** One line to the log, with every known key removed. */
  logLine(line: string): void { this.log.info(this.redact(line)); }
  redact(text: string, maxLength = 4000): string { return redactSecrets(text, this.keys.known(), maxLength); }

  get(): Pipeline {
    this.pipeline ??= this.build(this.store.current);
    return this.pipeline;
  }

  /** With the cache turned off the pipeline has no layers, yet entries stored earlier may still be on disk or in Redis. */
  async clearCache(filter: ClearFilter): Promise<Record<string, number>> {
    const s = this.store.current;
    if (s.cacheEnabled) return this.get().clearCache(filter);
    const layers = buildCacheLayers({ memoryEntries: 0, dir: cacheDir(this.context), redisUrl: s.redisUrl.trim(), ...cacheSecrets({ cacheSecret: this.cacheSecret(), env: process.env }) });
    try {
      return await clearCache(layers, filter);
    } finally {
      await Promise.allSettled(layers.map((l) => l.dispose?.()));
    }
  }

  /** The per-user cache secret lives beside, not in, the cache folder. */
  private cacheSecret(): string {
    return userSecret(path.join(this.context.globalStorageUri.fsPath, 'cache-secret'));
  }

  private invalidate(why: string): void {
    if (!this.pipeline) return;
    this.log.debug(`pipeline rebuilt on next run: ${why}`);
    void Promise.resolve(this.pipeline.dispose()).catch(() => undefined);
    this.pipeline = undefined;
  }

  private build(s: Settings): Pipeline {
    const { pipeline, description } = buildRunPipeline(s, {
      prices: new PriceBook(s.prices), apiKey: (p) => this.keys.get(p), knownSecrets: () => this.keys.known(),
      ledger: this.ledger, workspace: workspaceName(), cacheDir: cacheDir(this.context), cacheSecret: this.cacheSecret(),
      onRedisUnavailable: (m) => void vscode.window.showWarningMessage(m),
      semanticFile: path.join(this.context.globalStorageUri.fsPath, 'semantic-cache.json'), env: process.env,
      onBudgetWarning: (m) => this._onBudgetWarning.fire(m), log: (line) => this.logLine(line),
    });
    this.log.info(`pipeline: ${description}`);
    return pipeline;
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
