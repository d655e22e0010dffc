import type { ModelPricing } from '../pricing/prices';
import type { NormalizedUsage } from '../pricing/usage';
import { USAGE_FIELDS } from './record';

/** Usage a failed call still reports (an adapter may attach `usage` to its error when a stream broke midway). */
export function usageOfError(err: unknown): NormalizedUsage | undefined {
  const usage = (err as { usage?: unknown } | null)?.usage;
  if (typeof usage !== 'object' || usage === null) return undefined;
  const u = usage as Record<string, unknown>;
  return USAGE_FIELDS.every((f) => typeof u[f] === 'number' && Number.isFinite(u[f])) ? (usage as NormalizedUsage) : undefined;
}

/** What the cache-read tokens would have cost at the full input rate, minus what they cost. */
export function providerCacheSavingsMicros(pricing: ModelPricing, usage: NormalizedUsage): number {
  if (usage.cacheRead <= 0) return 0;
  const input = usage.inputUncached + usage.cacheRead + usage.cacheWrite5m + usage.cacheWrite1h;
  const r = pricing.rates(input);
  return Math.max(0, Math.round(usage.cacheRead * r.input) - Math.round(usage.cacheRead * r.cacheRead));
}

/** True for an abort (AbortController, SDK user abort) rather than a failure. */
export function isAbortError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'APIUserAbortError';
}
