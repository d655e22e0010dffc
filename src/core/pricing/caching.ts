import { bareModelId } from '../tokens/families';

/** Minimum prefix a provider caches, per model family; below it a call silently caches nothing. Data, not code. */
export const MIN_CACHEABLE_TOKENS: { prefix: string; tokens: number; verified: boolean }[] = [
  { prefix: 'claude-opus-4', tokens: 1024, verified: true },
  { prefix: 'claude-sonnet-4', tokens: 1024, verified: true },
  { prefix: 'claude-3-7-sonnet', tokens: 1024, verified: true },
  { prefix: 'claude-3-5-sonnet', tokens: 1024, verified: true },
  { prefix: 'claude-3-opus', tokens: 1024, verified: true },
  { prefix: 'claude-haiku-4-5', tokens: 4096, verified: true },
  { prefix: 'claude-3-5-haiku', tokens: 2048, verified: true },
  { prefix: 'claude-3-haiku', tokens: 2048, verified: true },
  { prefix: 'claude-opus-5', tokens: 512, verified: false },
  { prefix: 'claude-sonnet-5', tokens: 512, verified: false },
  { prefix: 'claude', tokens: 1024, verified: false },
  { prefix: '', tokens: 1024, verified: true },
];

/** OpenAI caches in 128-token steps above the 1024 minimum. */
export const OPENAI_CACHE_STEP = 128;

export function minCacheableTokens(model: string): { tokens: number; verified: boolean } {
  const id = bareModelId(model);
  const row = MIN_CACHEABLE_TOKENS.find((r) => id.startsWith(r.prefix))!;
  return { tokens: row.tokens, verified: row.verified };
}

/** Tokens of a static prefix a provider would actually serve from its cache on a repeat call. */
export function cacheableTokens(model: string, provider: string, staticPrefix: number): number {
  const min = minCacheableTokens(model).tokens;
  if (staticPrefix < min) return 0;
  return provider === 'anthropic' ? staticPrefix : Math.floor(staticPrefix / OPENAI_CACHE_STEP) * OPENAI_CACHE_STEP;
}
