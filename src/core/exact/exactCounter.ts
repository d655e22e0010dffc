// Exact input-token counts from the providers' free counting endpoints, cached on disk and rate limited.
import { redactSecrets } from '../ledger/redact';
import type { ChatRequest, ProviderId } from '../client/types';
import { type CalibrationTable, calibrationOf } from './calibration';
import { countBody } from './countBody';
import type { CountCache } from './countCache';
import { countRequestHash } from './hash';
import type { RateLimiter } from './rateLimit';

export type ExactCount =
  | { ok: true; inputTokens: number; source: 'cache' | 'provider'; hash: string }
  | { ok: false; reason: string; hash: string };

export interface ExactCounterOptions {
  cache: CountCache;
  calibration: CalibrationTable;
  limiter: RateLimiter;
  apiKey: (provider: ProviderId) => Promise<string | undefined>;
  /** '' leaves the SDK to read its environment variable or use the provider itself. */
  baseUrl: (provider: ProviderId) => string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const KEY_HINT: Record<ProviderId, string> = {
  anthropic: 'set it with "Promptmeter: Set API Key" (the CLI reads ANTHROPIC_API_KEY)',
  openai: 'set it with "Promptmeter: Set API Key" (the CLI reads OPENAI_API_KEY)',
};

export class ExactCounter {
  constructor(private readonly o: ExactCounterOptions) {}

  /** The hash a request's count is cached under (what the editor compares to know a figure is still current). */
  hashOf(req: ChatRequest): string {
    const { provider, body } = countBody(req);
    return countRequestHash(provider, body);
  }

  /** Cached figure only; never calls the provider. */
  async cached(req: ChatRequest): Promise<ExactCount | undefined> {
    const hash = this.hashOf(req);
    const hit = await this.o.cache.get(hash);
    return hit ? { ok: true, inputTokens: hit.inputTokens, source: 'cache', hash } : undefined;
  }

  /**
   * The provider's count of `req`: from the disk cache when this exact request was counted before, else one call
   * (within the rate limit). `estimate`, the local count of the same request, is calibrated against the answer.
   */
  async count(req: ChatRequest, estimate?: number, signal?: AbortSignal): Promise<ExactCount> {
    const { provider, body } = countBody(req);
    const hash = countRequestHash(provider, body);
    const hit = await this.o.cache.get(hash);
    if (hit) return { ok: true, inputTokens: hit.inputTokens, source: 'cache', hash };
    const apiKey = await this.o.apiKey(provider);
    if (!apiKey) return { ok: false, reason: `no ${provider === 'anthropic' ? 'Anthropic' : 'OpenAI'} API key: ${KEY_HINT[provider]}`, hash };
    if (!this.o.limiter.tryTake()) {
      return { ok: false, reason: `count request limit reached (promptmeter.exactCounts.requestsPerMinute); next slot in ${Math.ceil(this.o.limiter.waitMs() / 1000)} s`, hash };
    }
    let inputTokens: number;
    try {
      inputTokens = provider === 'anthropic' ? await this.anthropic(apiKey, body, signal) : await this.openai(apiKey, body, signal);
    } catch (e) {
      return { ok: false, reason: describeFailure(e, apiKey), hash };
    }
    if (!Number.isInteger(inputTokens) || inputTokens < 0) return { ok: false, reason: 'the provider answered without input_tokens', hash };
    await this.o.cache.set(hash, { inputTokens, model: req.model, at: new Date().toISOString() });
    const c = estimate === undefined ? undefined : calibrationOf(req.model, inputTokens, estimate);
    if (c) await this.o.calibration.record(c);
    return { ok: true, inputTokens, source: 'provider', hash };
  }

  private async anthropic(apiKey: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<number> {
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    // No retries: a 429 or an outage keeps the estimate; the next pause in typing tries again.
    const client = new Anthropic({ apiKey, baseURL: this.o.baseUrl('anthropic') || undefined, maxRetries: 0, timeout: this.o.timeoutMs ?? 15_000, logLevel: 'off', ...(this.o.fetch ? { fetch: this.o.fetch } : {}) });
    const r = await client.messages.countTokens(body as unknown as Parameters<typeof client.messages.countTokens>[0], { signal });
    return r.input_tokens;
  }

  private async openai(apiKey: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<number> {
    const { default: OpenAI } = await import('openai');
    const client = new OpenAI({ apiKey, baseURL: this.o.baseUrl('openai') || undefined, maxRetries: 0, timeout: this.o.timeoutMs ?? 15_000, logLevel: 'off', ...(this.o.fetch ? { fetch: this.o.fetch } : {}) });
    const r = await client.responses.inputTokens.count(body as unknown as Parameters<typeof client.responses.inputTokens.count>[0], { signal });
    return r.input_tokens;
  }
}

/** "429 rate limited", "offline (ECONNREFUSED)": the reason the log records, never the key. */
function describeFailure(e: unknown, apiKey: string): string {
  const err = e as { status?: number; message?: string; cause?: { code?: string; message?: string } };
  const status = typeof err?.status === 'number' ? err.status : undefined;
  let text: string;
  if (status === 429) text = 'rate limited by the provider (429)';
  else if (status === 401 || status === 403) text = `the provider rejected the API key (${status})`;
  else if (status) text = `the provider answered ${status}: ${err.message ?? ''}`;
  else if (err?.cause?.code || /connection|fetch failed|ECONN|ENOTFOUND|timed out/i.test(err?.message ?? '')) text = `offline or unreachable (${err.cause?.code ?? err.message})`;
  else text = err?.message ?? String(e);
  return redactSecrets(text, [apiKey]);
}
