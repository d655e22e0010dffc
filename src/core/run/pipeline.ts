// One way to build the request pipeline from settings, for the editor and the CLI alike. No 'vscode' import.
import { budgetStage, BudgetManager, hasBudgetLimit, RESERVATION_MARGIN_MS, type BudgetLimits } from '../client/budget/budget';
import { ledgerStage } from '../client/ledgerStage';
import { createPipeline, type Pipeline } from '../client/pipeline';
import { createProviderCall } from '../client/providers';
import { openAIEmbedder, type Embedder } from '../client/semantic';
import type { ProviderId } from '../client/types';
import type { Ledger } from '../ledger/ledgerFile';
import type { PriceBook } from '../pricing/prices';
import type { Settings } from '../settings';
import { baseUrlsFrom } from './baseUrls';

export interface RunPipelineEnv {
  prices: PriceBook;
  /** Read per call, so a key set after the build is used (SecretStorage, or environment variables). */
  apiKey: (provider: ProviderId) => Promise<string | undefined>;
  /** Every key in use, scrubbed from what the ledger stores. */
  knownSecrets: () => Iterable<string>;
  /** Absent: no spend record and no budget (the CLI without --ledger). */
  ledger?: Ledger;
  /** The workspace name recorded in the ledger. */
  workspace: string;
  /** Exact-cache disk directory. */
  cacheDir: string;
  /** Per-user HMAC secret for cache entries (kept beside, not in, the cache folder). */
  cacheSecret: string;
  /** Told once when Redis cannot be reached. */
  onRedisUnavailable?: (message: string) => void;
  /** Where the semantic cache persists; absent: memory only. */
  semanticFile?: string;
  /** Base-URL fallbacks (OPENAI_BASE_URL, ANTHROPIC_BASE_URL) and PROMPTMETER_REDIS_SECRET, a shared Redis's HMAC secret. */
  env: Record<string, string | undefined>;
  onBudgetWarning?: (message: string) => void;
  log?: (line: string) => void;
}

/** The settings a pipeline is built from: a change to any other setting leaves it, and its memory cache, alone. */
export const PIPELINE_SETTINGS = [
  'prices', 'openaiBaseUrl', 'anthropicBaseUrl', 'requestTimeoutMs', 'requestMaxRetries', 'requestStreamIdleMs',
  'requestFirstByteTimeoutMs', 'requestDeadlineMs',
  'cacheEnabled', 'cacheTtlSeconds', 'redisUrl', 'semanticCacheEnabled', 'semanticCacheThreshold',
  'semanticCacheEmbeddingModel', 'semanticCacheBaseUrl', 'route', 'budgetDailyUSD', 'budgetWeeklyUSD', 'budgetMonthlyUSD',
  'budgetPerCallUSD', 'ledgerMaxSizeMB',
] as const satisfies readonly (keyof Settings)[];

/** The budget limits in settings, as the budget manager takes them. */
export function budgetLimits(s: Settings): BudgetLimits {
  return { dailyUSD: s.budgetDailyUSD, weeklyUSD: s.budgetWeeklyUSD, monthlyUSD: s.budgetMonthlyUSD, perCallUSD: s.budgetPerCallUSD };
}

/** ledger -> budget -> exact cache -> semantic cache -> de-duplication -> router -> provider, from settings. */
export function buildRunPipeline(s: Settings, e: RunPipelineEnv): { pipeline: Pipeline; description: string } {
  const limits = budgetLimits(s);
  if (hasBudgetLimit(limits) && !e.ledger) throw new Error('a budget needs the spend ledger to count what was spent');
  // A run killed mid-call leaves its reservation; any later run releases it once the run's deadline has passed.
  const budget = e.ledger && hasBudgetLimit(limits)
    ? new BudgetManager({ ledger: e.ledger, prices: e.prices, limits, reservationTtlMs: s.requestDeadlineMs + RESERVATION_MARGIN_MS })
    : undefined;
  const baseUrls = baseUrlsFrom(s, e.env);
  const redisUrl = s.redisUrl.trim();
  const pipeline = createPipeline({
    terminal: createProviderCall({
      apiKey: e.apiKey, timeoutMs: s.requestTimeoutMs, maxRetries: s.requestMaxRetries, streamIdleMs: s.requestStreamIdleMs,
      firstByteTimeoutMs: s.requestFirstByteTimeoutMs, prices: e.prices,
    }),
    deadlineMs: s.requestDeadlineMs,
    prices: e.prices,
    ledgerStage: e.ledger && ledgerStage({ ledger: e.ledger, prices: e.prices, workspace: e.workspace, secrets: e.knownSecrets }),
    budgetStage: budget && budgetStage(budget, { onWarning: (m) => e.onBudgetWarning?.(m) }),
    cache: {
      enabled: s.cacheEnabled, ttlSeconds: s.cacheTtlSeconds, dir: e.cacheDir, redisUrl, ...cacheSecrets(e),
      onRedisUnavailable: e.onRedisUnavailable,
    },
    semantic: s.semanticCacheEnabled ? {
      embed: embedder(s, baseUrls.openai, e.apiKey), threshold: s.semanticCacheThreshold, file: e.semanticFile,
    } : undefined,
    route: s.route,
    baseUrls,
    log: e.log,
  });
  const description = `cache ${s.cacheEnabled ? `memory+disk${redisUrl ? '+redis' : ''}` : 'off'}, ` +
    `semantic ${s.semanticCacheEnabled ? 'on' : 'off'}, budget ${budget ? 'on' : 'off'}, ledger ${e.ledger?.path ?? 'none'}`;
  return { pipeline, description };
}

/** The disk secret is per user; a Redis shared between machines needs its own shared secret. */
export function cacheSecrets(e: Pick<RunPipelineEnv, 'cacheSecret' | 'env'>): { secret: string; redisSecret?: string } {
  const redisSecret = e.env.PROMPTMETER_REDIS_SECRET?.trim();
  return redisSecret ? { secret: e.cacheSecret, redisSecret } : { secret: e.cacheSecret };
}

/** Embeddings for the semantic cache through the OpenAI-compatible endpoint, with the key read per call. */
function embedder(s: Settings, openaiBaseUrl: string, apiKey: RunPipelineEnv['apiKey']): Embedder {
  return async (texts, signal) => {
    const key = await apiKey('openai');
    if (!key) throw new Error('the semantic cache needs an OpenAI-compatible key for embeddings');
    const baseURL = s.semanticCacheBaseUrl.trim() || openaiBaseUrl || undefined;
    return openAIEmbedder({ apiKey: key, baseURL, model: s.semanticCacheEmbeddingModel, timeoutMs: s.requestTimeoutMs })(texts, signal);
  };
}
