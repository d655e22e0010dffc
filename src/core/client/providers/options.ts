// Settings a provider call needs; keys come from a function so the extension can use SecretStorage and the CLI env vars.
import type { PriceBook } from '../../pricing/prices';
import type { ChatResponse, ProviderId } from '../types';

export interface ProviderOptions {
  /** The API key for a provider, or undefined when none is set (then no request is sent). */
  apiKey(provider: ProviderId): Promise<string | undefined>;
  /** Timeout of one HTTP attempt until response headers arrive (promptmeter.request.timeoutMs). */
  timeoutMs: number;
  /** HTTP retries the SDK makes on 408/409/429/5xx and connection errors (promptmeter.request.maxRetries). */
  maxRetries: number;
  /** Abort when a response body sends nothing for this long (promptmeter.request.streamIdleMs). */
  streamIdleMs: number;
  /** A call fails when an HTTP attempt gets no response for this long, without SDK retries (promptmeter.request.firstByteTimeoutMs). */
  firstByteTimeoutMs?: number;
  prices: PriceBook;
  /** A 429/5xx asking to wait longer than this fails at once instead of sleeping (default 60 s). */
  maxRetryAfterMs?: number;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: typeof fetch;
}

export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
export const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 30_000;

/** What the provider adapters add to ChatResponse (optional, so stages may ignore it). */
export interface ProviderChatResponse extends ChatResponse {
  /** The provider sent no usage: usage is the request's worst case (`usageEstimated`). */
  usageMissing?: boolean;
  /** Prompt-cache hints sent: Anthropic breakpoints placed, or the OpenAI prompt_cache_key. */
  promptCache?: { breakpoints?: string[]; key?: string };
}
