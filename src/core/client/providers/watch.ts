// One provider call's bounds: a first-byte timeout per HTTP attempt and a count of the attempts the SDK made.

/** The reason the call's signal aborts when no response arrived within the first-byte time. */
export class FirstByteTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no response within ${ms} ms`);
    this.name = 'FirstByteTimeout';
  }
}

export interface CallWatch {
  /** Give this to the SDK: it aborts on the caller's cancel and on a first-byte timeout. */
  readonly signal: AbortSignal;
  /** Give this to the SDK client (`withOptions({ fetch })`): counts attempts and arms the first-byte timer. */
  readonly fetch: typeof fetch;
  /** HTTP attempts made so far (the first one plus the SDK's retries). */
  readonly attempts: number;
  /** Set when the first-byte timer ended the call. */
  readonly firstByteTimeout: FirstByteTimeout | undefined;
  dispose(): void;
}

/**
 * An aborted SDK request is not retried, so a first-byte timeout ends the call at once instead of
 * letting the SDK wait the same time again on each retry.
 */
export function watchCall(outer: AbortSignal, base: typeof fetch, firstByteMs: number): CallWatch {
  const controller = new AbortController();
  const onOuter = () => controller.abort(outer.reason);
  if (outer.aborted) onOuter(); else outer.addEventListener('abort', onOuter, { once: true });
  let attempts = 0;
  let timedOut: FirstByteTimeout | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const watched: typeof fetch = async (input, init) => {
    attempts++;
    let timer: NodeJS.Timeout | undefined;
    if (firstByteMs > 0) {
      timer = setTimeout(() => {
        timedOut = new FirstByteTimeout(firstByteMs);
        controller.abort(timedOut);
      }, firstByteMs);
      timers.add(timer);
    }
    try {
      return await base(input, init);
    } finally {
      if (timer) { clearTimeout(timer); timers.delete(timer); }
    }
  };
  return {
    signal: controller.signal,
    fetch: watched,
    get attempts() { return attempts; },
    get firstByteTimeout() { return timedOut; },
    dispose() {
      outer.removeEventListener('abort', onOuter);
      for (const t of timers) clearTimeout(t);
    },
  };
}
