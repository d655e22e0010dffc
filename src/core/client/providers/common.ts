// Helpers shared by the OpenAI and Anthropic adapters.
import { createHash } from 'node:crypto';
import type { PriceBook } from '../../pricing/prices';
import type { UsageReading } from '../../pricing/normalize';
import { type NormalizedUsage, totalInput } from '../../pricing/usage';
import type { Technique } from '../../ledger/record';
import type { CallContext, ProviderId } from '../types';
import { cancelledError } from './errors';

/** Client cache key: never the key itself. */
export function clientKey(provider: ProviderId, baseUrl: string, apiKey: string): string {
  return `${provider}\u0000${baseUrl}\u0000${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`;
}

/** One SDK client per provider, base URL and key, so connection pools are reused across calls. */
export function clientCache<T>(provider: ProviderId, make: (baseUrl: string, apiKey: string) => T): (baseUrl: string, apiKey: string) => T {
  const clients = new Map<string, T>();
  return (baseUrl, apiKey) => {
    const k = clientKey(provider, baseUrl, apiKey);
    let c = clients.get(k);
    if (c === undefined) clients.set(k, (c = make(baseUrl, apiKey)));
    return c;
  };
}

/** Settles with `p`, or rejects at once when `signal` aborts (openai@6 sleeps through retry-after uncancellably). */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) { p.catch(() => undefined); return Promise.reject(cancelledError(signal.reason)); }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** What provider prompt caching saved against paying full input price for every token (negative on a write). */
export function providerCacheSaving(
  prices: PriceBook, usage: NormalizedUsage, model: string, provider: ProviderId,
): Partial<Record<Technique, number>> {
  if (usage.cacheRead + usage.cacheWrite5m + usage.cacheWrite1h === 0) return {};
  const actual = prices.cost(usage, model, provider);
  if (!actual.priced) return {};
  const uncached = prices.cost({ ...usage, inputUncached: totalInput(usage), cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 }, model, provider);
  return { providerCache: uncached.totalMicros - actual.totalMicros };
}

/** Logs a missing or odd usage block so a zero-token record is never silent. */
export function noteUsage(reading: UsageReading, providerName: string, ctx: CallContext): void {
  if (reading.missing) ctx.log?.(`${providerName} sent no token usage for this call; tokens are recorded as 0 and the cost is unknown.`);
  else if (reading.problems.length) ctx.log?.(`${providerName} usage had unusable fields: ${reading.problems.join(', ')}.`);
}

export function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return url; }
}
