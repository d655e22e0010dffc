import type { Technique } from '../../ledger/record';
import type { PriceBook } from '../../pricing/prices';
import { ZERO_USAGE } from '../../pricing/usage';
import type { CallContext, ChatRequest, ChatResponse } from '../types';

/** What a cache stage needs to know to price what it saved. */
export interface Pricer { cost: PriceBook['cost'] }

/** The answer alone, for reuse: earlier billed attempts belong to the original call only, never to a reuse. */
export function withoutPriorAttempts(resp: ChatResponse): ChatResponse {
  const { priorAttempts: _billed, ...answer } = resp;
  return answer;
}

/** A stored answer served again: nothing billed now, the original call's cost counted as saved. */
export function servedFromCache(
  stored: ChatResponse, cache: ChatResponse['cache'], technique: Technique, prices: Pricer | undefined, latencyMs: number,
): ChatResponse {
  const cost = prices?.cost(stored.usage, stored.model, stored.provider);
  return {
    ...withoutPriorAttempts(stored),
    usage: { ...ZERO_USAGE },
    cache,
    // Unpriced models save an unknown amount: leave it out rather than claim 0.
    savedMicros: cost?.priced ? { [technique]: cost.totalMicros } : {},
    latencyMs: Math.round(latencyMs),
  };
}

/** Same inputs may give a different answer unless temperature is 0, so only those (or an opt-in) are reused. */
export function isDeterministic(req: ChatRequest): boolean {
  return req.temperature === 0 || req.meta.cacheNonDeterministic === true;
}

/** A fresh, complete, successful answer to a reusable request. */
export function shouldStore(req: ChatRequest, resp: ChatResponse, ctx: CallContext): boolean {
  return isDeterministic(req) && resp.finishReason === 'stop' && resp.cache === 'miss' && !ctx.signal.aborted;
}
