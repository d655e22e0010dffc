// Usage when the provider reports none: a bill we cannot see is estimated, never recorded as 0.
import { type NormalizedUsage, ZERO_USAGE } from '../pricing/usage';
import { encodeLength } from '../tokens/encoder';
import { estimateInputTokens } from './budget/estimate';
import type { ChatRequest } from './types';

/** The budget's worst case for a request: its upper input estimate and every allowed output token. */
export function worstCaseUsage(req: ChatRequest): NormalizedUsage {
  return { ...ZERO_USAGE, inputUncached: estimateInputTokens(req), output: req.maxTokens };
}

/**
 * A stream cut short: what the provider reported so far, with output raised to the tokens actually received
 * (o200k count), and the upper input estimate when no input was reported.
 */
export function partialUsage(req: ChatRequest, reported: NormalizedUsage | undefined, receivedText: string): NormalizedUsage {
  const received = encodeLength('o200k_base', receivedText);
  const base = reported ?? { ...ZERO_USAGE, inputUncached: estimateInputTokens(req) };
  const input = base.inputUncached + base.cacheRead + base.cacheWrite5m + base.cacheWrite1h;
  return { ...base, inputUncached: input > 0 ? base.inputUncached : estimateInputTokens(req), output: Math.max(base.output, received) };
}
