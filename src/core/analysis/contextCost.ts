// What an always-on context file costs: its tokens ride along with every turn of an agent or chat session.
import type { PriceBook } from '../pricing/prices';
import type { PromptAnalysis } from './analyze';

export interface ContextFileCost {
  /** The file's content tokens, added to every turn's input. */
  tokens: number;
  turnsPerDay: number;
  perTurnMicros: number;
  perDayMicros: number;
  /** The day with prompt caching: written once (Anthropic's write rate; OpenAI caches for free), then read at the cache rate. */
  perDayCachedMicros: number;
}

export function contextFileCost(a: PromptAnalysis, turnsPerDay: number, prices: PriceBook): ContextFileCost | undefined {
  const pricing = prices.lookup(a.model, a.provider);
  if (!pricing) return undefined;
  const tokens = a.messages.reduce((n, m) => n + m.tokens, 0);
  const r = pricing.rates(tokens);
  const turns = Math.max(1, Math.floor(turnsPerDay));
  const perTurn = Math.round(tokens * r.input);
  const write = Math.round(tokens * (a.provider === 'anthropic' ? r.cacheWrite5m : r.input));
  return {
    tokens, turnsPerDay: turns, perTurnMicros: perTurn, perDayMicros: perTurn * turns,
    perDayCachedMicros: write + Math.round(tokens * r.cacheRead) * (turns - 1),
  };
}
