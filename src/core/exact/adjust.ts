// The file's figures with a different input count: an exact one from the provider, or the estimate scaled by the
// ratio last measured for the file.
import type { PromptAnalysis } from '../analysis/analyze';
import { cacheableTokens } from '../pricing/caching';
import { type PriceBook, UNPRICED, costWith } from '../pricing/prices';
import { ZERO_USAGE } from '../pricing/usage';

export function withInputTokens(a: PromptAnalysis, inputTokens: number, estimated: boolean, prices: PriceBook): PromptAnalysis {
  const pricing = prices.lookup(a.model, a.provider);
  const cold = { ...ZERO_USAGE, inputUncached: inputTokens, output: a.outputTokens };
  const cached = Math.min(inputTokens, cacheableTokens(a.model, a.provider, a.staticPrefixTokens));
  const repeat = { ...cold, inputUncached: inputTokens - cached, cacheRead: cached };
  return {
    // The provider counted the rendered request, so this figure replaces the template and rendered ones alike.
    ...a, rendered: undefined, inputTokens, estimated,
    cost: pricing ? costWith(pricing, cold) : UNPRICED,
    repeatCost: pricing ? costWith(pricing, repeat) : UNPRICED,
  };
}

/** The estimate times the file's last measured ratio (exact ÷ local count of the same rendered request). */
export function calibratedInput(estimate: number, ratio: number | undefined): number {
  return ratio === undefined ? estimate : Math.round(estimate * ratio);
}

/** The local count of the request the provider counts: the rendered one when the file renders, else the template's. */
export function localEstimate(a: PromptAnalysis): number {
  return a.rendered?.inputTokens ?? a.inputTokens;
}
