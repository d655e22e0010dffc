export { cacheKey, canonicalJson, CACHE_KEY_VERSION } from './key';
export type { CacheEntry, CacheLayerStore, ClearFilter } from './entry';
export { isCacheEntry } from './entry';
export { memoryLayer, type MemoryLayerOptions } from './memory';
export { diskLayer, type DiskLayerOptions } from './disk';
export { redisLayer, type RedisLayerOptions, REDIS_NAMESPACE } from './redis';
export { exactCacheStage, clearCache, type ExactCacheOptions } from './stage';
export { isDeterministic, shouldStore, servedFromCache, type Pricer } from './hit';
