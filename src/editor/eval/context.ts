import * as path from 'node:path';
import * as vscode from 'vscode';
import { batchMultiplier } from '../../core/batch/discount';
import { BatchJobStore } from '../../core/batch/jobs';
import { batchClient } from '../../core/batch/providers';
import type { BatchContext } from '../../core/batch/service';
import { PriceBook } from '../../core/pricing/prices';
import type { RunServices } from '../run/services';

/** Batch jobs live in global storage, so they outlive a window reload or a restart. */
export const batchDir = (context: vscode.ExtensionContext) => path.join(context.globalStorageUri.fsPath, 'batches');
export const evalStoreDir = (context: vscode.ExtensionContext) => path.join(context.globalStorageUri.fsPath, 'eval');

/** The batch service wired to the editor: keys from SecretStorage, the shared ledger, the settings' prices. */
export function editorBatchContext(context: vscode.ExtensionContext, services: RunServices): BatchContext {
  const s = services.current;
  return {
    store: new BatchJobStore(batchDir(context)),
    prices: new PriceBook(s.prices),
    ledger: services.ledger,
    multiplier: (p) => batchMultiplier(p),
    log: (l) => services.logLine(l),
    async client(provider, baseUrl) {
      const apiKey = await services.keys.get(provider);
      if (!apiKey) throw new Error(`no ${provider === 'anthropic' ? 'Anthropic' : 'OpenAI'} API key is set; run "Promptmeter: Set API Key"`);
      return batchClient({ provider, baseUrl, apiKey, timeoutMs: s.requestTimeoutMs, maxRetries: s.requestMaxRetries });
    },
  };
}
