import type { Settings } from './keys';

/**
 * Every setting's default, once: the editor's snapshot falls back to these and the CLI uses them directly.
 * A unit test checks each value against package.json's `contributes.configuration`.
 */
export const DEFAULTS: Readonly<Settings> = Object.freeze({
  include: [],
  defaultModel: 'gpt-4o',
  expectedOutputTokens: 500,
  compareModels: ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'claude-sonnet-4-5', 'claude-haiku-4-5'],
  prices: {},
  codeLensEnabled: true,
  debounceMs: 300,
  lintEnabled: true,
  lintRules: {},
  openaiBaseUrl: '',
  anthropicBaseUrl: '',
  requestTimeoutMs: 120_000,
  requestMaxRetries: 2,
  requestStreamIdleMs: 30_000,
  requestFirstByteTimeoutMs: 30_000,
  requestDeadlineMs: 120_000,
  cacheEnabled: true,
  cacheTtlSeconds: 604_800,
  cacheNonDeterministic: false,
  redisUrl: '',
  semanticCacheEnabled: false,
  semanticCacheThreshold: 0.95,
  semanticCacheEmbeddingModel: 'text-embedding-3-small',
  semanticCacheBaseUrl: '',
  route: { cheap: 'gpt-4o-mini', strong: 'gpt-4o', cascade: true, fallback: [] },
  budgetDailyUSD: 0,
  budgetWeeklyUSD: 0,
  budgetMonthlyUSD: 0,
  budgetPerCallUSD: 0,
  confirmAboveUSD: 0.05,
  ledgerMaxSizeMB: 20,
  exactCountsAnthropic: false,
  exactCountsRequestsPerMinute: 20,
  turnsPerDay: 200,
  batchPollSeconds: 30,
  reviewCallsPerDay: 1000,
});
