import type { PriceBook } from '../pricing/prices';
import type { ChatResponse } from './types';

/** Money actually billed for an answer, prior cascade attempts included; cache hits bill nothing. */
export function billedMicros(res: ChatResponse, prices: PriceBook): { priced: boolean; totalMicros: number } {
  let priced = true;
  let total = 0;
  for (const r of [...(res.priorAttempts ?? []), res]) {
    if (r.cache !== 'miss') continue;
    const c = prices.cost(r.usage, r.model, r.provider);
    priced &&= c.priced;
    total += c.totalMicros;
  }
  return { priced, totalMicros: total };
}

/** Money every technique saved on this answer. */
export function savedMicros(res: ChatResponse): number {
  return Object.values(res.savedMicros).reduce<number>((s, v) => s + (typeof v === 'number' && Number.isFinite(v) ? v : 0), 0);
}
