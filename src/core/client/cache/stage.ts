import type { ChatResponse, Stage } from '../types';
import { type CacheEntry, type CacheLayerStore, type ClearFilter, remainingTtlSeconds } from './entry';
import { isDeterministic, type Pricer, servedFromCache, shouldStore, withoutPriorAttempts } from './hit';
import { cacheKey } from './key';

export interface ExactCacheOptions {
  /** Prices the saving of a hit (a PriceBook). */
  prices?: Pricer;
  /** Default entry lifetime (`promptmeter.cache.ttlSeconds`); 0 stores nothing. */
  ttlSeconds: number;
  log?: (line: string) => void;
  now?: () => number;
}

/** Exact-match cache over ordered layers (fastest first): hits are promoted, fresh answers written to all. */
export function exactCacheStage(layers: readonly CacheLayerStore[], opts: ExactCacheOptions): Stage {
  const now = opts.now ?? Date.now;
  return async (req, ctx, next) => {
    if (!isDeterministic(req)) return next(req, ctx);
    const started = performance.now();
    const key = cacheKey(req);
    for (let i = 0; i < layers.length; i++) {
      const entry = await layers[i].get(key).catch(() => undefined);
      if (!entry) continue;
      await Promise.allSettled(layers.slice(0, i).map((l) => l.set(key, entry, remainingTtlSeconds(entry, now()))));
      ctx.log?.(`cache hit (${layers[i].name})`);
      return servedFromCache(entry.response, layers[i].name, 'exactCache', opts.prices, performance.now() - started);
    }
    const resp = await next(req, ctx);
    const ttl = req.meta.cacheTtlSeconds ?? opts.ttlSeconds;
    if (ttl > 0 && shouldStore(req, resp, ctx)) await store(layers, key, entryFor(key, resp, req.meta.file, ttl, now()), ttl);
    return resp;
  };
}

function entryFor(key: string, resp: ChatResponse, file: string | undefined, ttlSeconds: number, t: number): CacheEntry {
  const response = withoutPriorAttempts(resp);
  const e: CacheEntry = { v: 1, key, createdAt: t, expiresAt: t + ttlSeconds * 1000, response: { ...response, savedMicros: { ...response.savedMicros } } };
  if (file !== undefined) e.file = file;
  return e;
}

async function store(layers: readonly CacheLayerStore[], key: string, entry: CacheEntry, ttl: number): Promise<void> {
  // Layers swallow their own failures; a cache write never fails the call.
  await Promise.allSettled(layers.map((l) => l.set(key, entry, ttl)));
}

/** Clears every layer; returns the number of entries removed per layer. */
export async function clearCache(layers: readonly CacheLayerStore[], filter: ClearFilter = { all: true }): Promise<Record<string, number>> {
  const counts = await Promise.all(layers.map((l) => l.clear(filter).catch(() => 0)));
  return Object.fromEntries(layers.map((l, i) => [l.name, counts[i]]));
}
