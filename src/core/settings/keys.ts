import type { PriceOverride } from '../pricing/prices';
import type { RouteConfig } from '../client/types';

export type RuleSeverity = 'error' | 'warning' | 'info' | 'hint' | 'off';

/** Every `promptmeter.*` setting, typed; a unit test checks this list against package.json. */
export interface Settings {
  include: string[];
  defaultModel: string;
  expectedOutputTokens: number;
  compareModels: string[];
  prices: Record<string, PriceOverride>;
  codeLensEnabled: boolean;
  debounceMs: number;
  analysisMaxSizeKB: number;
  analysisTimeLimitMs: number;
  lintEnabled: boolean;
  lintRules: Record<string, RuleSeverity>;
  openaiBaseUrl: string;
  anthropicBaseUrl: string;
  requestTimeoutMs: number;
  requestMaxRetries: number;
  requestStreamIdleMs: number;
  requestFirstByteTimeoutMs: number;
  requestDeadlineMs: number;
  cacheEnabled: boolean;
  cacheTtlSeconds: number;
  cacheNonDeterministic: boolean;
  redisUrl: string;
  semanticCacheEnabled: boolean;
  semanticCacheThreshold: number;
  semanticCacheEmbeddingModel: string;
  semanticCacheBaseUrl: string;
  route: RouteConfig;
  budgetDailyUSD: number;
  budgetWeeklyUSD: number;
  budgetMonthlyUSD: number;
  budgetPerCallUSD: number;
  confirmAboveUSD: number;
  ledgerMaxSizeMB: number;
  exactCountsAnthropic: boolean;
  exactCountsRequestsPerMinute: number;
  turnsPerDay: number;
  batchPollSeconds: number;
  reviewCallsPerDay: number;
}

/** Settings key for each field, in package.json order. */
export const SETTING_KEYS: Record<keyof Settings, string> = {
  include: 'include', defaultModel: 'defaultModel', expectedOutputTokens: 'expectedOutputTokens',
  compareModels: 'compareModels', prices: 'prices', codeLensEnabled: 'codeLens.enabled', debounceMs: 'debounceMs',
  analysisMaxSizeKB: 'analysis.maxSizeKB', analysisTimeLimitMs: 'analysis.timeLimitMs',
  lintEnabled: 'lint.enabled', lintRules: 'lint.rules', openaiBaseUrl: 'openai.baseUrl',
  anthropicBaseUrl: 'anthropic.baseUrl', requestTimeoutMs: 'request.timeoutMs', requestMaxRetries: 'request.maxRetries',
  requestStreamIdleMs: 'request.streamIdleMs', requestFirstByteTimeoutMs: 'request.firstByteTimeoutMs', requestDeadlineMs: 'request.deadlineMs', cacheEnabled: 'cache.enabled', cacheTtlSeconds: 'cache.ttlSeconds',
  cacheNonDeterministic: 'cache.nonDeterministic', redisUrl: 'redisUrl', semanticCacheEnabled: 'semanticCache.enabled',
  semanticCacheThreshold: 'semanticCache.threshold', semanticCacheEmbeddingModel: 'semanticCache.embeddingModel',
  semanticCacheBaseUrl: 'semanticCache.baseUrl', route: 'route', budgetDailyUSD: 'budget.dailyUSD',
  budgetWeeklyUSD: 'budget.weeklyUSD', budgetMonthlyUSD: 'budget.monthlyUSD', budgetPerCallUSD: 'budget.perCallUSD', confirmAboveUSD: 'confirmAboveUSD',
  ledgerMaxSizeMB: 'ledger.maxSizeMB',
  exactCountsAnthropic: 'exactCounts.anthropic', exactCountsRequestsPerMinute: 'exactCounts.requestsPerMinute',
  turnsPerDay: 'turnsPerDay',
  batchPollSeconds: 'batch.pollSeconds', reviewCallsPerDay: 'review.callsPerDay',
};
