import type { PriceBook } from '../../pricing/prices';
import { encodeLength } from '../../tokens/encoder';
import type { ChatRequest } from '../types';

// Shares the tokens module's lazily loaded encoder; special-token text counts as plain text.
const countO200k = (text: string): number => encodeLength('o200k_base', text);

/**
 * An upper estimate of a request's input tokens: o200k counts plus chat-format overhead, scaled up for
 * providers whose tokenizers produce more tokens than o200k for the same text.
 */
export function estimateInputTokens(req: ChatRequest): number {
  let tokens = 3;
  for (const m of req.messages) tokens += 4 + countO200k(m.content) + (m.name ? countO200k(m.name) + 1 : 0);
  if (req.tools?.length) tokens += countO200k(JSON.stringify(req.tools)) + 16 + (req.toolChoice ? countO200k(JSON.stringify(req.toolChoice)) + 8 : 0);
  if (req.responseFormat === 'json') tokens += 16;
  if (req.responseSchema) tokens += countO200k(JSON.stringify(req.responseSchema)) + 16;
  const factor = req.provider === 'anthropic' ? 1.4 : 1.1;
  return Math.ceil(tokens * factor);
}

export interface MaxCost {
  priced: boolean;
  /** The most this call can cost (integer micro-dollars, rounded up); 0 when unpriced. */
  micros: number;
  /** The first model without a price, when unpriced. */
  unpricedModel?: string;
}

/** The largest cost a request could have: every input token at the dearest input rate, plus maxTokens output. */
export function maxCostMicros(req: ChatRequest, prices: PriceBook, inputTokens: number): MaxCost {
  const one = (model: string): MaxCost => {
    const pricing = prices.lookup(model, req.provider);
    if (!pricing) return { priced: false, micros: 0, unpricedModel: model };
    const r = pricing.rates(inputTokens);
    // Prompt-cache writes bill above the input rate, so reserve at the dearest of them.
    const inputRate = Math.max(r.input, r.cacheWrite5m, r.cacheWrite1h);
    return { priced: true, micros: Math.ceil(inputTokens * inputRate + req.maxTokens * r.output) };
  };
  if (req.model !== 'auto') return one(req.model);
  const route = req.meta.route;
  if (!route) return { priced: false, micros: 0, unpricedModel: 'auto' };
  const candidates = [route.cheap, route.strong, ...route.fallback].map(one);
  const unpriced = candidates.find((c) => !c.priced);
  if (unpriced) return unpriced;
  const [cheap, ...rest] = candidates.map((c) => c.micros);
  // A cascade may pay for the cheap answer and then the escalated one; otherwise one model answers.
  const worst = Math.max(cheap, ...rest);
  return { priced: true, micros: route.cascade ? cheap + worst : worst };
}
