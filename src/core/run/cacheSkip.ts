import { isDeterministic } from '../client/cache/hit';
import type { ChatRequest, ChatResponse } from '../client/types';

export interface CacheSettings { cacheEnabled: boolean; cacheTtlSeconds: number }

const OPT_IN = 'set temperature 0 or promptmeter.cache.nonDeterministic';

/**
 * Why an answer was neither served from nor stored in the exact cache, or undefined when it was (a hit, or stored
 * for the next run). Mirrors the cache stage's own rules (`isDeterministic`, `shouldStore`) so it cannot drift.
 */
export function cacheSkipReason(req: ChatRequest, res: ChatResponse, s: CacheSettings): string | undefined {
  if (res.cache !== 'miss') return undefined;
  if (!s.cacheEnabled) return 'the cache is off; turn on promptmeter.cache.enabled';
  if (!isDeterministic(req)) {
    return req.temperature === undefined
      ? `no temperature set (the provider's default is above 0); ${OPT_IN}`
      : `temperature ${req.temperature}; ${OPT_IN}`;
  }
  const ttl = req.meta.cacheTtlSeconds ?? s.cacheTtlSeconds;
  if (ttl <= 0) return `cache lifetime is 0 s (${req.meta.cacheTtlSeconds !== undefined ? 'cacheTtl in the file' : 'promptmeter.cache.ttlSeconds'})`;
  if (res.finishReason !== 'stop') return `the answer ended with '${res.finishReason}', and only complete answers are stored`;
  return undefined;
}
