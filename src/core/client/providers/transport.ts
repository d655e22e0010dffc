// fetch wrapper given to both SDKs: a body idle watchdog and a bound on how long a retry-after may make us wait.

/** Thrown into a response body when the provider sends nothing for `idleMs`. */
export class StreamIdleError extends Error {
  constructor(readonly idleMs: number) {
    super(`no data for ${idleMs} ms`);
    this.name = 'StreamIdleError';
  }
}

/** Milliseconds the response asks us to wait (retry-after-ms or retry-after), if any. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const s = Number.parseFloat(raw);
  if (Number.isFinite(s)) return s * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

export interface GuardOptions { idleMs: number; maxRetryAfterMs: number; fetch?: typeof fetch }

export function guardedFetch(opts: GuardOptions): typeof fetch {
  const base = opts.fetch ?? globalThis.fetch;
  return async (input, init) => {
    const res = await base(input, init);
    const wait = retryAfterMs(res.headers);
    if (!res.ok && wait !== undefined && wait > opts.maxRetryAfterMs) {
      // The SDKs sleep for whatever retry-after says (an hour, uncancellable in openai@6): tell them not to retry.
      const headers = new Headers(res.headers);
      headers.set('x-should-retry', 'false');
      return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
    }
    if (!res.body) return res;
    return new Response(idleGuard(res.body, opts.idleMs), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** Errors the body when a read waits longer than `ms` (only while the consumer is asking for data). */
function idleGuard(body: ReadableStream<Uint8Array>, ms: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new StreamIdleError(ms)), ms); });
      try {
        const r = await Promise.race([reader.read(), idle]);
        if (r.done) controller.close(); else controller.enqueue(r.value);
      } catch (e) {
        controller.error(e);
        reader.cancel(e).catch(() => undefined);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason) { return reader.cancel(reason); },
  });
}
