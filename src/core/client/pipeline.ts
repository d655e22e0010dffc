import type { PriceBook } from '../pricing/prices';
import { type CacheLayerStore, type ClearFilter, clearCache, diskLayer, exactCacheStage, memoryLayer, redisLayer } from './cache';
import { deadlineStage } from './deadline';
import { dedupeStage } from './dedupe';
import { type ComplexityModel, routerStage } from './router';
import { type Embedder, semanticCacheStage, type SemanticStore, semanticStore } from './semantic';
import { type CallContext, type ChatRequest, type ChatResponse, compose, type Next, type ProviderId, type RouteConfig, type Stage } from './types';

export interface ExactCachePipelineOptions {
  /** `promptmeter.cache.enabled`; default true. */
  enabled?: boolean;
  /** `promptmeter.cache.ttlSeconds`; default 7 days. */
  ttlSeconds?: number;
  /** Memory layer size in entries; 0 turns the memory layer off. Default 500. */
  memoryEntries?: number;
  /** Disk layer directory (extension global storage / CLI cache dir); absent: no disk layer. */
  dir?: string;
  /** `promptmeter.redisUrl`; empty or absent: no Redis layer. */
  redisUrl?: string;
  redisNamespace?: string;
  /** Per-user secret for the entries' integrity tags (`userSecret(file)`); without it there is no disk or Redis layer. */
  secret?: string;
  /** Shared secret for Redis entries, the same for every user of that Redis; default `secret`. */
  redisSecret?: string;
  /** Told once per Redis outage (the CLI prints it on stderr); the log gets it too. */
  onRedisUnavailable?: (message: string) => void;
  /** Replaces the layers built from the fields above (tests). */
  layers?: CacheLayerStore[];
}

export interface SemanticPipelineOptions {
  embed: Embedder;
  /** `promptmeter.semanticCache.threshold`; default 0.95. */
  threshold?: number;
  /** JSON file the entries persist to; absent: memory only. */
  file?: string;
  store?: SemanticStore;
}

export interface PipelineOptions {
  /** The provider call (`createProviderCall(...)`): the innermost `next`. */
  terminal: Next;
  prices: PriceBook;
  /** Outermost: records every call, cache hits and errors included (`ledgerStage(...)`). */
  ledgerStage?: Stage;
  /** Right inside the ledger stage: reserves before, settles after (`budgetStage(...)`). */
  budgetStage?: Stage;
  cache?: ExactCachePipelineOptions;
  /** Absent: the semantic cache is off (its default). */
  semantic?: SemanticPipelineOptions;
  /** Default route for `model: auto` when a request carries none (`promptmeter.route`). */
  route?: RouteConfig;
  complexity?: ComplexityModel;
  /** Base URL per provider, for route models that switch provider (`anthropic/<id>`). */
  baseUrls?: Partial<Record<ProviderId, string>>;
  /** Default true. */
  dedupe?: boolean;
  /** Overall limit for one run, retries and fallbacks included (promptmeter.request.deadlineMs); 0: none. */
  deadlineMs?: number;
  /** Used when a call's context has no `log`. */
  log?: (line: string) => void;
}

export interface Pipeline {
  run(req: ChatRequest, ctx: CallContext): Promise<ChatResponse>;
  /** Clears the exact-cache layers and the semantic store; counts per layer. */
  clearCache(filter?: ClearFilter): Promise<Record<string, number>>;
  /** Closes the Redis connection; the pipeline must not be used after. */
  dispose(): Promise<void>;
}

const WEEK_SECONDS = 604_800;

export function buildCacheLayers(o: ExactCachePipelineOptions, log?: (line: string) => void): CacheLayerStore[] {
  if (o.layers) return o.layers;
  const layers: CacheLayerStore[] = [];
  if ((o.memoryEntries ?? 500) > 0) layers.push(memoryLayer({ maxEntries: o.memoryEntries ?? 500 }));
  if ((o.dir || o.redisUrl) && !o.secret && !o.redisSecret) log?.('promptmeter cache: no integrity secret given; disk and Redis layers are off');
  if (o.dir && o.secret) layers.push(diskLayer({ dir: o.dir, secret: o.secret, log }));
  const redisSecret = o.redisSecret || o.secret;
  if (o.redisUrl && redisSecret) {
    layers.push(redisLayer({ url: o.redisUrl, namespace: o.redisNamespace, secret: redisSecret, log, onUnavailable: o.onRedisUnavailable }));
  }
  return layers;
}

/** ledger -> budget -> deadline -> exact cache -> semantic cache -> de-duplication -> router -> provider. */
export function createPipeline(options: PipelineOptions): Pipeline {
  const cacheOpts = options.cache ?? {};
  const cacheOn = cacheOpts.enabled ?? true;
  const layers = cacheOn ? buildCacheLayers(cacheOpts, options.log) : [];
  const semStore = options.semantic ? options.semantic.store ?? semanticStore({ file: options.semantic.file, log: options.log }) : undefined;
  const ttlSeconds = cacheOpts.ttlSeconds ?? WEEK_SECONDS;

  const stages: Stage[] = [];
  if (options.ledgerStage) stages.push(options.ledgerStage);
  if (options.budgetStage) stages.push(options.budgetStage);
  if (options.deadlineMs) stages.push(deadlineStage(options.deadlineMs));
  if (layers.length) stages.push(exactCacheStage(layers, { prices: options.prices, ttlSeconds, log: options.log }));
  if (options.semantic && semStore) {
    stages.push(semanticCacheStage({ embed: options.semantic.embed, store: semStore, threshold: options.semantic.threshold ?? 0.95, prices: options.prices, ttlSeconds, log: options.log }));
  }
  if (options.dedupe ?? true) stages.push(dedupeStage({ prices: options.prices }));
  stages.push(routerStage({ prices: options.prices, route: options.route, complexity: options.complexity, baseUrls: options.baseUrls }));
  const chain = compose(stages, options.terminal);

  return {
    run: (req, ctx) => chain(req, ctx.log || !options.log ? ctx : { ...ctx, log: options.log }),
    async clearCache(filter = { all: true }) {
      const counts = await clearCache(layers, filter);
      if (semStore) counts.semantic = await semStore.clear(filter).catch(() => 0);
      return counts;
    },
    async dispose() {
      await Promise.allSettled(layers.map((l) => l.dispose?.()));
    },
  };
}
