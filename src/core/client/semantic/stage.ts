import { isDeterministic, type Pricer, servedFromCache, shouldStore, withoutPriorAttempts } from '../cache/hit';
import { cacheKeyMaterial, canonicalJson, sha256Hex } from '../cache/key';
import type { ChatRequest, ChatResponse, Stage } from '../types';
import type { Embedder } from './embedder';
import { cosine, guardAllows } from './guard';
import type { SemanticStore } from './store';

export interface SemanticCacheOptions {
  embed: Embedder;
  store: SemanticStore;
  /** Cosine similarity at or above which a stored answer is reused (`promptmeter.semanticCache.threshold`). */
  threshold: number;
  prices?: Pricer;
  /** Entry lifetime; meta.cacheTtlSeconds wins. */
  ttlSeconds?: number;
  log?: (line: string) => void;
}

/** Index of the message compared by meaning: the last user message. */
function lastUserIndex(req: ChatRequest): number {
  for (let i = req.messages.length - 1; i >= 0; i--) if (req.messages[i].role === 'user') return i;
  return -1;
}

/** Everything except the compared message must match exactly: model, system prompt, history, sampling. */
export function semanticPartition(req: ChatRequest, compared: number): string {
  const material = cacheKeyMaterial(req);
  material.messages = (material.messages as unknown[]).map((m, i) => (i === compared ? null : m));
  return `sem1:${sha256Hex(canonicalJson(material))}`;
}

/** Reuses the answer to a similar-enough earlier prompt (off by default; needs an embeddings endpoint). */
export function semanticCacheStage(opts: SemanticCacheOptions): Stage {
  return async (req, ctx, next) => {
    const idx = lastUserIndex(req);
    if (idx < 0 || !isDeterministic(req)) return next(req, ctx);
    const started = performance.now();
    const text = req.messages[idx].content;
    const partition = semanticPartition(req, idx);
    let vector: number[] | undefined;
    try {
      [vector] = await opts.embed([text], ctx.signal);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      (ctx.log ?? opts.log)?.(`semantic cache skipped: embeddings failed (${(err as Error).message})`);
    }
    if (!vector) return next(req, ctx);

    let best: { score: number; response: ChatResponse } | undefined;
    for (const e of await opts.store.candidates(partition)) {
      const score = cosine(vector, e.vector);
      if (score >= opts.threshold && (!best || score > best.score) && guardAllows(text, e.text)) best = { score, response: e.response };
    }
    if (best) {
      ctx.log?.(`semantic cache hit (similarity ${best.score.toFixed(3)})`);
      return servedFromCache(best.response, 'semantic', 'semanticCache', opts.prices, performance.now() - started);
    }

    const resp = await next(req, ctx);
    const ttl = req.meta.cacheTtlSeconds ?? opts.ttlSeconds ?? 604_800;
    if (ttl > 0 && shouldStore(req, resp, ctx)) {
      const now = Date.now();
      await opts.store.add({ partition, text, vector, response: withoutPriorAttempts(resp), createdAt: now, expiresAt: now + ttl * 1000, file: req.meta.file });
    }
    return resp;
  };
}
