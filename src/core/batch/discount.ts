import type { ProviderId } from '../client/types';
import type { Cost } from '../pricing/prices';

/**
 * What the providers' Batch APIs charge against the synchronous price: half, for input and output alike
 * (OpenAI "Batch API": 50% lower costs; Anthropic "Message Batches": 50% of standard prices). Prompt-cache
 * reads and writes inside a batch get the same discount on top of their own rates: the discount stacks.
 * Data, not code: `promptmeter.batch.discounts` overrides it per provider.
 */
export const BATCH_MULTIPLIER: Readonly<Record<ProviderId, number>> = Object.freeze({ openai: 0.5, anthropic: 0.5 });

export function batchMultiplier(provider: ProviderId, overrides?: Partial<Record<string, number>>): number {
  const o = overrides?.[provider];
  return typeof o === 'number' && Number.isFinite(o) && o > 0 && o <= 1 ? o : BATCH_MULTIPLIER[provider];
}

/** The batch price of a call: the synchronous cost (cache rates included) times the multiplier, in whole micro-dollars. */
export function batchCost(sync: Cost, multiplier: number): Cost {
  return sync.priced ? { ...sync, totalMicros: Math.round(sync.totalMicros * multiplier) } : sync;
}
