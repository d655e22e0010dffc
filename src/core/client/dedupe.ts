import { cacheKey } from './cache/key';
import { type Pricer, servedFromCache } from './cache/hit';
import type { CallContext, ChatRequest, ChatResponse, Stage } from './types';

export interface DedupeOptions {
  /** Prices what the callers who shared someone else's call saved. */
  prices?: Pricer;
  key?: (req: ChatRequest) => string;
}

interface Waiter { ctx: CallContext; resolve(r: ChatResponse): void; reject(e: unknown): void }

interface Flight { key: string; waiters: Set<Waiter>; controller: AbortController; streamed: string[] }

/**
 * Identical concurrent requests share one downstream call. Only in-flight calls are shared: the result,
 * success or failure, is forgotten once delivered. One caller (the first still waiting) is billed; the
 * others get the answer as a memory hit with zero usage, so the ledger counts the money once.
 */
export function dedupeStage(opts: DedupeOptions = {}): Stage {
  const flights = new Map<string, Flight>();
  // Streaming and non-streaming callers want different deliveries, so they do not share.
  const keyOf = opts.key ?? ((req: ChatRequest) => `${cacheKey(req)}${req.stream ? ':stream' : ''}`);

  return (req, ctx, next) => {
    if (ctx.signal.aborted) return Promise.reject(ctx.signal.reason);
    const key = keyOf(req);
    let flight = flights.get(key);
    const started = performance.now();
    const joined = flight !== undefined;
    if (!flight) {
      const f: Flight = { key, waiters: new Set(), controller: new AbortController(), streamed: [] };
      flight = f;
      flights.set(key, f);
      const shared: CallContext = {
        signal: f.controller.signal,
        log: ctx.log,
        notice: ctx.notice,
        onDelta: (d) => { f.streamed.push(d); for (const w of f.waiters) w.ctx.onDelta?.(d); },
      };
      next(req, shared).then(
        (resp) => settle(f, (ws) => ws.forEach((w, i) => w.resolve(i === 0 ? resp : servedFromCache(resp, 'memory', 'exactCache', opts.prices, performance.now() - started)))),
        (err) => settle(f, (ws) => ws.forEach((w) => w.reject(err))),
      );
    } else if (flight.streamed.length && ctx.onDelta) {
      // A late joiner first gets what the others already saw.
      ctx.onDelta(flight.streamed.join(''));
    }
    if (joined) ctx.log?.('joined an identical request already in flight');
    return wait(flight, ctx);
  };

  function forget(f: Flight): void {
    if (flights.get(f.key) === f) flights.delete(f.key);
  }

  function settle(f: Flight, deliver: (ws: Waiter[]) => void): void {
    forget(f);
    const ws = [...f.waiters];
    f.waiters.clear();
    deliver(ws);
  }

  function wait(f: Flight, ctx: CallContext): Promise<ChatResponse> {
    return new Promise<ChatResponse>((resolve, reject) => {
      const onAbort = () => {
        f.waiters.delete(waiter);
        reject(ctx.signal.reason);
        // The shared call stops only when nobody is left waiting for it.
        if (f.waiters.size === 0) {
          forget(f);
          f.controller.abort(ctx.signal.reason);
        }
      };
      const done = () => ctx.signal.removeEventListener('abort', onAbort);
      const waiter: Waiter = {
        ctx,
        resolve: (r) => { done(); resolve(r); },
        reject: (e) => { done(); reject(e); },
      };
      f.waiters.add(waiter);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
