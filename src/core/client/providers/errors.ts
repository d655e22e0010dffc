// SDK errors -> ProviderError whose message says what to do; the API key never reaches a message.
import * as A from '@anthropic-ai/sdk';
import * as O from 'openai';
import { ProviderError, type ProviderId } from '../types';
import { retryAfterMs, StreamIdleError } from './transport';

export interface ErrorContext {
  provider: ProviderId;
  model: string;
  /** Host the request went to, for connection errors. */
  host: string;
  maxRetries: number;
  timeoutMs: number;
  streamIdleMs: number;
  /** HTTP attempts actually made (read when the error is mapped). */
  attempts?: () => number;
  /** Set when the call ended because no response arrived in time. */
  firstByte?: () => { ms: number } | undefined;
  /** Redacted from every message. */
  apiKey?: string;
  signal: AbortSignal;
}

const NAMES: Record<ProviderId, string> = { openai: 'OpenAI', anthropic: 'Anthropic' };
const secs = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** "1 attempt", "3 attempts": what was made, not what the settings allowed. */
function tries(c: ErrorContext): string {
  const n = c.attempts?.() ?? c.maxRetries + 1;
  return `${n} attempt${n === 1 ? '' : 's'}`;
}

function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err, i = 0; e && i < 8; e = (e as { cause?: unknown }).cause, i++) out.push(e);
  return out;
}

/** The provider's own error text, from an SDK APIError body. */
function providerText(err: any): string {
  const e = err?.error;
  const m = e?.error?.message ?? e?.message ?? (typeof e === 'string' ? e : undefined);
  return typeof m === 'string' ? m.slice(0, 300) : '';
}

export function idleError(c: Pick<ErrorContext, 'streamIdleMs'>, cause?: unknown): ProviderError {
  return new ProviderError(
    `The provider stopped sending data for ${secs(c.streamIdleMs)}; try again or raise promptmeter.request.streamIdleMs.`,
    undefined, true, cause);
}

export function malformedError(c: ErrorContext, detail: string, cause?: unknown): ProviderError {
  return new ProviderError(
    `${NAMES[c.provider]} sent a malformed response (${detail}); check that the base URL points at an ${NAMES[c.provider]}-compatible API, then try again.`,
    undefined, true, cause);
}

export function cancelledError(cause?: unknown): ProviderError {
  return new ProviderError('The request was cancelled.', undefined, false, cause);
}

export function toProviderError(err: unknown, c: ErrorContext): ProviderError {
  const e = mapError(err, c);
  const key = c.apiKey;
  // Placeholder keys for local servers ("x", "ollama") are no secret, and masking them garbles messages.
  if (!key || key.length < 8) return e;
  // Providers echo keys in 401/400 bodies: keep such an SDK error out of `cause` so logging it cannot leak.
  const leaky = e.cause !== undefined && [String((e.cause as Error)?.message), JSON.stringify((e.cause as any)?.error ?? null)]
    .some((t) => t.includes(key));
  if (!leaky && !e.message.includes(key)) return e;
  return new ProviderError(e.message.split(key).join('***'), e.status, e.retryable, leaky ? undefined : e.cause);
}

function mapError(err: unknown, c: ErrorContext): ProviderError {
  const name = NAMES[c.provider];
  // Checked first: the timer aborts the SDK call, which surfaces as a cancel.
  const firstByte = c.firstByte?.();
  if (firstByte && !c.signal.aborted) {
    return new ProviderError(
      `${name} sent no response within ${secs(firstByte.ms)} (first-byte timeout, ${tries(c)}); check that ${c.host} is up, ` +
      'or raise promptmeter.request.firstByteTimeoutMs (CLI: PROMPTMETER_FIRST_BYTE_TIMEOUT_MS).', undefined, true, err);
  }
  if (err instanceof ProviderError) return err;
  const chain = causes(err);
  if (chain.some((x) => x instanceof StreamIdleError)) return idleError(c, err);
  const any = err as any;
  // instanceof, not constructor names: a minified bundle renames classes.
  if (c.signal.aborted || err instanceof O.APIUserAbortError || err instanceof A.APIUserAbortError) return cancelledError(err);
  if (err instanceof O.APIConnectionTimeoutError || err instanceof A.APIConnectionTimeoutError) {
    return new ProviderError(
      `${name} did not answer within ${secs(c.timeoutMs)} (${tries(c)}); try again or raise promptmeter.request.timeoutMs.`,
      undefined, true, err);
  }
  if (err instanceof O.APIConnectionError || err instanceof A.APIConnectionError) {
    return new ProviderError(
      `Could not reach ${name} at ${c.host} (connection failed, ${tries(c)}); check the base URL, proxy and network.`,
      undefined, true, err);
  }
  if (chain.some((x) => x instanceof SyntaxError)) return malformedError(c, 'not valid JSON', err);
  const status: number | undefined = typeof any?.status === 'number' ? any.status : undefined;
  const text = providerText(any);
  const detail = text ? `: ${text}` : '';
  const type = any?.type ?? any?.error?.error?.type ?? any?.error?.type;
  if (status === undefined && any?.error !== undefined) {
    // An APIError without a status is an error event inside a 200 stream.
    const overloaded = type === 'overloaded_error';
    return new ProviderError(
      `${name} ${overloaded ? 'is overloaded' : 'reported an error'} mid-answer${detail}; try again${overloaded ? ' shortly' : ''}.`,
      undefined, true, err);
  }
  switch (status) {
    case 401:
      return new ProviderError(`${name} rejected the API key (HTTP 401); set it with "Promptmeter: Set API Key".`, 401, false, err);
    case 403:
      return new ProviderError(`The ${name} API key may not use ${c.model} (HTTP 403)${detail}.`, 403, false, err);
    case 404:
      return new ProviderError(`${name} does not know ${c.model} or the endpoint (HTTP 404); check the model name and base URL.`, 404, false, err);
    case 400: case 413: case 422:
      return new ProviderError(`${name} rejected the request (HTTP ${status})${detail}.`, status, false, err);
    case 429: {
      const wait = retryAfterMs(any?.headers);
      const after = wait === undefined ? 'try again shortly' : `it asks to wait ${secs(wait)} before trying again`;
      return new ProviderError(`${name} rate limit reached for ${c.model} (HTTP 429, ${tries(c)}); ${after}.`, 429, true, err);
    }
  }
  if (status === 529 || type === 'overloaded_error') {
    return new ProviderError(`${name} is overloaded (HTTP ${status}) after ${tries(c)}; try again shortly or use a fallback model.`, status, true, err);
  }
  if (status !== undefined && status >= 500) {
    return new ProviderError(`${name} had a server error (HTTP ${status}) after ${tries(c)}; the provider is overloaded or down, try again shortly.`, status, true, err);
  }
  if (status !== undefined) return new ProviderError(`${name} returned HTTP ${status}${detail}.`, status, false, err);
  const msg = err instanceof Error ? err.message : String(err);
  return new ProviderError(`${name} request failed: ${msg.slice(0, 300)}.`, undefined, false, err);
}
