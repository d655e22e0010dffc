import { LRUCache } from 'lru-cache';
import { type CacheEntry, type CacheLayerStore, type ClearFilter, matchesFilter } from './entry';

export interface MemoryLayerOptions {
  /** Most entries kept; the least recently used go first. */
  maxEntries?: number;
}

export function memoryLayer(opts: MemoryLayerOptions = {}): CacheLayerStore {
  const lru = new LRUCache<string, CacheEntry>({ max: opts.maxEntries ?? 500 });
  return {
    name: 'memory',
    async get(key) {
      const e = lru.get(key);
      if (e && e.expiresAt <= Date.now()) { lru.delete(key); return undefined; }
      return e;
    },
    async set(key, entry, ttlSeconds) {
      lru.set(key, entry, { ttl: ttlSeconds * 1000 });
    },
    async delete(key) { lru.delete(key); },
    async clear(filter?: ClearFilter) {
      let n = 0;
      for (const [k, e] of [...lru.entries()]) if (matchesFilter(e, filter)) { lru.delete(k); n++; }
      return n;
    },
  };
}
