// Helpers shared by the OpenAI and Anthropic adapters.
import { createHash } from 'node:crypto';
import type { PriceBook } from '../../pricing/prices';
import type { UsageReading } from '../../pricing/normalize';
import { type NormalizedUsage, totalInput } from '../../pricing/usage';
import type { Technique } from '../../ledger/record';
import { encodeLength } from '../../tokens/encoder';
import { redactUrl } from '../redactUrl';
import type { CallContext, ChatRequest, ProviderError, ProviderId } from '../types';
import { partialUsage, worstCaseUsage } from '../usageEstimate';
import { cancelledError } from './errors';

/** Client cache key: never the key itself. */
export function clientKey(provider: ProviderId, baseUrl: string, apiKey: string): string {
  return `${provider}\u0000${baseUrl}\u0000${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`;
}

/** One SDK client per provider, base URL and key, so connection pools are reused across calls. */
export function clientCache<T>(provider: ProviderId, make: (baseUrl: string, apiKey: string) => T): (baseUrl: string, apiKey: string) => T {
  const clients = new Map<string, T>();
  return (baseUrl, apiKey) => {
    const k = clientKey(provider, baseUrl, apiKey);
    let c = clients.get(k);
    if (c === undefined) clients.set(k, (c = make(baseUrl, apiKey)));
    return c;
  };
}

/** Settles with `p`, or rejects at once when `signal` aborts (openai@6 sleeps through retry-after uncancellably). */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) { p.catch(() => undefined); return Promise.reject(cancelledError(signal.reason)); }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** What provider prompt caching saved against paying full input price for every token (negative on a write). */
export function providerCacheSaving(
  prices: PriceBook, usage: NormalizedUsage, model: string, provider: ProviderId,
): Partial<Record<Technique, number>> {
  if (usage.cacheRead + usage.cacheWrite5m + usage.cacheWrite1h === 0) return {};
  const actual = prices.cost(usage, model, provider);
  if (!actual.priced) return {};
  const uncached = prices.cost({ ...usage, inputUncached: totalInput(usage), cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 }, model, provider);
  return { providerCache: uncached.totalMicros - actual.totalMicros };
}

/** What a streamed call has received so far, for the usage of a stream cut short. */
export interface Progress {
  /** True once the response stream is open (the provider has started billing). */
  streaming: boolean;
  text: string;
  /** The raw usage reported so far (Anthropic sends input usage first). */
  usage: unknown;
}

export const newProgress = (): Progress => ({ streaming: false, text: '', usage: undefined });

/**
 * A normal answer's usage: the provider's, or the request's worst case when it sent none (the user is told once
 * per provider and base URL, through `told`).
 */
export function answerUsage(
  reading: UsageReading, req: ChatRequest, providerName: string, ctx: CallContext, told: Set<string>,
): { usage: NormalizedUsage; estimated: boolean } {
  if (reading.problems.length) ctx.log?.(`${providerName} usage had unusable fields: ${reading.problems.join(', ')}.`);
  if (!reading.missing) return { usage: reading.usage, estimated: false };
  const usage = worstCaseUsage(req);
  const where = `${providerName} at ${redactUrl(req.baseUrl) || 'its default URL'}`;
  const line = `${where} sent no token usage; Promptmeter charges such calls at their worst case ` +
    `(${usage.inputUncached} input and ${usage.output} output tokens) and marks them estimated in the ledger.`;
  ctx.log?.(line);
  const key = `${providerName}\u0000${req.baseUrl}`;
  if (!told.has(key)) { told.add(key); ctx.notice?.(line); }
  return { usage, estimated: true };
}

/** Attaches what a stream cut short still billed to its error: usage reported so far, else an estimate. */
export function withPartialUsage(
  err: ProviderError, req: ChatRequest, progress: Progress, read: (raw: unknown) => UsageReading,
): ProviderError {
  if (!progress.streaming) return err;
  const reading = read(progress.usage);
  const received = encodeLength('o200k_base', progress.text);
  if (!reading.missing && reading.usage.output >= received && totalInput(reading.usage) > 0) {
    err.usage = reading.usage;
  } else {
    err.usage = partialUsage(req, reading.missing ? undefined : reading.usage, progress.text);
    err.usageEstimated = true;
  }
  return err;
}

/**
 * Runs an SDK call's synchronous start with console.warn sent to the log: the SDKs print deprecation notices
 * straight to the console, which would land in the middle of the CLI's stderr summary.
 */
export function warningsToLog<T>(start: () => T, ctx: CallContext): T {
  const original = console.warn;
  console.warn = (...args: unknown[]) => ctx.log?.(`SDK warning: ${args.map(String).join(' ')}`);
  try {
    return start();
  } finally {
    console.warn = original;
  }
}

export function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return url; }
}
