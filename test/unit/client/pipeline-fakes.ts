import { PriceBook } from '../../../src/core/pricing/prices';
import type { NormalizedUsage } from '../../../src/core/pricing/usage';
import type { CallContext, ChatRequest, ChatResponse, Next } from '../../../src/core/client/types';

/** Prices in USD per million tokens, so a token costs `rate` micro-dollars. */
export const prices = new PriceBook({
  'cheap-model': { input: 1, output: 2 },
  'strong-model': { input: 10, output: 30 },
  'fb-model': { input: 5, output: 5 },
});

export function usage(input: number, output: number): NormalizedUsage {
  return { inputUncached: input, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output, reasoning: 0 };
}

export function makeReq(over: Partial<ChatRequest> = {}): ChatRequest {
  return {
    provider: 'openai', baseUrl: '', model: 'cheap-model',
    messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Name a colour.' }],
    temperature: 0, maxTokens: 100, stream: false, meta: { workspace: 'ws', file: 'prompts/a.prompty' },
    ...over,
  };
}

export function makeResp(over: Partial<ChatResponse> = {}): ChatResponse {
  return {
    text: 'Blue.', model: 'cheap-model', provider: 'openai', usage: usage(1000, 100), finishReason: 'stop',
    cache: 'miss', route: 'direct', savedMicros: {}, latencyMs: 5, ...over,
  };
}

export function ctx(over: Partial<CallContext> = {}): CallContext {
  return { signal: new AbortController().signal, ...over };
}

/** A fake `next` that records the requests it saw. */
export function fakeNext(answer: (req: ChatRequest, c: CallContext) => ChatResponse | Promise<ChatResponse> = (r) => makeResp({ model: r.model })): Next & { calls: ChatRequest[] } {
  const calls: ChatRequest[] = [];
  const fn = (async (req: ChatRequest, c: CallContext) => { calls.push(req); return answer(req, c); }) as Next & { calls: ChatRequest[] };
  fn.calls = calls;
  return fn;
}

/** A promise with its resolve/reject exposed, to hold a fake call open. */
export function deferred<T>() {
  let resolve!: (v: T) => void; let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}
