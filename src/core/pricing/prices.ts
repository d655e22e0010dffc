import { calcPrice, type ModelPrice, TieredPrices } from '@pydantic/genai-prices';
import type { NormalizedUsage } from './usage';
import { totalInput } from './usage';

/** A user's price entry in settings, USD per million tokens. */
export interface PriceOverride {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
  contextWindow?: number;
  /** USD per 1,000 web searches. */
  webSearchPer1k?: number;
}

export interface ModelPricing {
  model: string;
  provider?: string;
  source: 'catalogue' | 'settings';
  contextWindow?: number;
  /** USD per million tokens for each part, at the given total input size (tiers applied). */
  rates(totalInputTokens: number): Rates;
  /** Per-request prices in USD per 1,000 requests; a fee the catalogue lacks is undefined (then unpriced, never $0). */
  fees?: { webSearchPer1k?: number };
}

export interface Rates { input: number; cacheRead: number; cacheWrite5m: number; cacheWrite1h: number; output: number }

/** Cost of one call split by part, in integer micro-dollars; `priced: false` means unknown, never zero. */
export interface Cost {
  priced: boolean;
  inputMicros: number;
  cacheReadMicros: number;
  cacheWriteMicros: number;
  outputMicros: number;
  /** Per-request fees (web searches). */
  feesMicros: number;
  totalMicros: number;
  /** Why `priced` is false although the model has a price (a fee the catalogue does not know). */
  unpricedFee?: string;
}

export const UNPRICED: Cost = Object.freeze({
  priced: false, inputMicros: 0, cacheReadMicros: 0, cacheWriteMicros: 0, outputMicros: 0, feesMicros: 0, totalMicros: 0,
});

const PROVIDER_IDS: Record<string, string> = { openai: 'openai', azure: 'openai', anthropic: 'anthropic', google: 'google', googleai: 'google' };

function tiered(value: ModelPrice[string], totalInput: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const t = value as TieredPrices;
  let rate = t.base;
  for (const tier of t.tiers) if (totalInput > tier.start) rate = tier.price;
  return rate;
}

/** The catalogue's package version, set by the build (esbuild define); a key part for caches of priced results. */
export const CATALOGUE_VERSION = process.env.PROMPTMETER_CATALOGUE_VERSION ?? 'source';

/** Prices from `@pydantic/genai-prices`, with settings entries taking precedence. */
export class PriceBook {
  private readonly cache = new Map<string, ModelPricing | null>();

  constructor(private readonly overrides: Record<string, PriceOverride> = {}) {}

  /** The settings' overrides as text, for keys of caches that hold priced results. */
  overridesKey(): string {
    return JSON.stringify(this.overrides);
  }

  lookup(model: string, provider?: string): ModelPricing | undefined {
    const key = `${provider ?? ''}\u0000${model}`;
    let hit = this.cache.get(key);
    if (hit === undefined) {
      hit = this.fromSettings(model) ?? this.fromCatalogue(model, provider) ?? null;
      this.cache.set(key, hit);
    }
    return hit ?? undefined;
  }

  cost(usage: NormalizedUsage, model: string, provider?: string): Cost {
    const pricing = this.lookup(model, provider);
    return pricing ? costWith(pricing, usage) : UNPRICED;
  }

  private fromSettings(model: string): ModelPricing | undefined {
    const o = this.overrides[model];
    if (!o || typeof o.input !== 'number' || typeof o.output !== 'number') return undefined;
    const rates: Rates = {
      input: o.input, output: o.output, cacheRead: o.cacheRead ?? o.input,
      cacheWrite5m: o.cacheWrite ?? o.input, cacheWrite1h: o.cacheWrite1h ?? o.cacheWrite ?? o.input,
    };
    const fees = typeof o.webSearchPer1k === 'number' ? { webSearchPer1k: o.webSearchPer1k } : {};
    return { model, source: 'settings', contextWindow: o.contextWindow, rates: () => rates, fees };
  }

  private fromCatalogue(model: string, provider?: string): ModelPricing | undefined {
    const providerId = provider ? PROVIDER_IDS[provider.toLowerCase()] : undefined;
    const bare = model.includes('/') ? model.slice(model.indexOf('/') + 1) : model;
    let found: ReturnType<typeof calcPrice> = null;
    try {
      found = calcPrice({ input_tokens: 0, output_tokens: 0 }, bare, providerId ? { providerId } : undefined)
        ?? (providerId ? calcPrice({ input_tokens: 0, output_tokens: 0 }, bare) : null);
    } catch { found = null; }
    if (!found) return undefined;
    const p = found.model_price;
    const webSearch = tiered(p.web_searches_kcount, 0);
    return {
      model: found.model.id, provider: found.provider.id, source: 'catalogue', contextWindow: found.model.context_window,
      fees: webSearch === undefined ? {} : { webSearchPer1k: webSearch },
      rates(totalInputTokens) {
        const input = tiered(p.input_mtok, totalInputTokens) ?? 0;
        const write5m = tiered(p.cache_write_mtok, totalInputTokens);
        return {
          input,
          output: tiered(p.output_mtok, totalInputTokens) ?? 0,
          // No cache-read price means the provider bills cached tokens as input.
          cacheRead: tiered(p.cache_read_mtok, totalInputTokens) ?? input,
          cacheWrite5m: write5m ?? input,
          cacheWrite1h: tiered(p.cache_write_1h_mtok, totalInputTokens) ?? write5m ?? input,
        };
      },
    };
  }
}

export function costWith(pricing: ModelPricing, u: NormalizedUsage): Cost {
  const r = pricing.rates(totalInput(u));
  const micros = (tokens: number, perM: number) => Math.round(tokens * perM);
  const inputMicros = micros(u.inputUncached, r.input);
  const cacheReadMicros = micros(u.cacheRead, r.cacheRead);
  const cacheWriteMicros = micros(u.cacheWrite5m, r.cacheWrite5m) + micros(u.cacheWrite1h, r.cacheWrite1h);
  const outputMicros = micros(u.output, r.output);
  const searches = u.webSearches ?? 0;
  const perK = pricing.fees?.webSearchPer1k;
  // USD per 1,000 searches is 1,000 micro-dollars per search per USD.
  const feesMicros = searches > 0 && perK !== undefined ? Math.round(searches * perK * 1_000) : 0;
  const unknownFee = searches > 0 && perK === undefined;
  return {
    priced: !unknownFee, inputMicros, cacheReadMicros, cacheWriteMicros, outputMicros, feesMicros,
    totalMicros: inputMicros + cacheReadMicros + cacheWriteMicros + outputMicros + feesMicros,
    ...(unknownFee ? { unpricedFee: `${searches} web search${searches === 1 ? '' : 'es'} (no per-search price for ${pricing.model})` } : {}),
  };
}
