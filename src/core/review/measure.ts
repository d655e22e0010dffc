import { analyzePrompt, resolveModel } from '../analysis/analyze';
import { minCacheableTokens } from '../pricing/caching';
import type { PriceBook } from '../pricing/prices';
import { parsePrompt } from '../prompt';

/** One side of a prompt change: what a call costs, counted and priced exactly as the lenses and `count` do. */
export interface SideCost {
  model: string;
  inputTokens: number;
  /** null when the model is unpriced. */
  perCallMicros: number | null;
  /** Claude, Gemini and local models: `≈`. */
  estimated: boolean;
  staticPrefixTokens: number;
  messages: { role: string; name?: string; tokens: number; line: number }[];
  callsPerDay?: number;
}

export interface MeasureOptions { model?: string; defaultModel: string; prices: PriceBook; expectedOutputTokens: number }

export function measurePrompt(text: string, path: string, o: MeasureOptions): SideCost {
  const doc = parsePrompt(text, path);
  const model = o.model ?? resolveModel(doc, undefined, o.defaultModel);
  const a = analyzePrompt(doc, { model, prices: o.prices, expectedOutputTokens: o.expectedOutputTokens });
  const pm = doc.frontmatter.raw.promptmeter;
  const declared = typeof pm === 'object' && pm !== null ? Number((pm as Record<string, unknown>).callsPerDay) : NaN;
  return {
    model: a.model, inputTokens: a.inputTokens, perCallMicros: a.cost.priced ? a.cost.totalMicros : null, estimated: a.estimated,
    staticPrefixTokens: a.staticPrefixTokens,
    messages: a.messages.map((m) => ({ role: m.role, ...(m.name ? { name: m.name } : {}), tokens: m.tokens, line: m.range.start.line + 1 })),
    ...(Number.isFinite(declared) && declared >= 0 ? { callsPerDay: declared } : {}),
  };
}

/** "static prefix 1,840 → 960 tokens: below the 1,024 minimum, caching lost", or undefined when nothing changed that matters. */
export function prefixNote(before: SideCost | undefined, after: SideCost | undefined): string | undefined {
  if (!before || !after || before.staticPrefixTokens === after.staticPrefixTokens) return undefined;
  const min = minCacheableTokens(after.model).tokens;
  const n = (x: number) => x.toLocaleString('en-US');
  const head = `static prefix ${n(before.staticPrefixTokens)} → ${n(after.staticPrefixTokens)} tokens`;
  const wasCached = before.staticPrefixTokens >= minCacheableTokens(before.model).tokens;
  const isCached = after.staticPrefixTokens >= min;
  if (wasCached && !isCached) return `${head}: below the ${n(min)} minimum, caching lost`;
  if (!wasCached && isCached) return `${head}: above the ${n(min)} minimum, now cacheable`;
  return head;
}
