import { isAbortError } from '../../ledger/callCost';
import type { Pricer } from '../cache/hit';
import { type CallContext, type ChatRequest, type ChatResponse, type Next, ProviderError, type ProviderId, type RouteConfig, type Stage } from '../types';
import { complexityScore, type ComplexityModel, DEFAULT_COMPLEXITY } from './complexity';
import { type Validation, validateAnswer } from './validate';

export interface RouterOptions {
  /** Prices the routing and cascade savings (a PriceBook). */
  prices?: Pricer;
  /** Used when the request carries no `meta.route` (settings `promptmeter.route`). */
  route?: RouteConfig;
  complexity?: ComplexityModel;
  validate?: (resp: ChatResponse, req: ChatRequest) => Validation;
  /** Base URL per provider, for route models written `anthropic/<id>` or `openai/<id>` that switch provider. */
  baseUrls?: Partial<Record<ProviderId, string>>;
}

/** A route model as a request: `openai/` or `anthropic/` prefixes switch provider; other ids keep the request's. */
export function retarget(req: ChatRequest, model: string, baseUrls: Partial<Record<ProviderId, string>> = {}): ChatRequest {
  const m = /^(openai|anthropic)\/(.+)$/.exec(model);
  if (!m) return { ...req, model };
  const provider = m[1] as ProviderId;
  return provider === req.provider ? { ...req, model: m[2] } : { ...req, provider, model: m[2], baseUrl: baseUrls[provider] ?? '' };
}

function isAbort(err: unknown, ctx: CallContext): boolean {
  return ctx.signal.aborted || isAbortError(err) || isAbortError((err as { cause?: unknown } | null)?.cause);
}

/**
 * `model: auto` picks cheap or strong by complexity; with cascade the cheap answer is validated and escalated
 * when it fails. Every model call falls back through `route.fallback` after a ProviderError; `next` already
 * made the SDK's retries, so a failed model is never called again.
 */
export function routerStage(opts: RouterOptions = {}): Stage {
  const model = opts.complexity ?? DEFAULT_COMPLEXITY;
  const validate = opts.validate ?? validateAnswer;
  const micros = (r: ChatResponse, m: string) => opts.prices?.cost(r.usage, m, r.provider);
  /** Money not spent: what `instead` would have cost on the same usage, minus what was paid. */
  const avoided = (r: ChatResponse, instead: string): number | undefined => {
    const would = micros(r, instead);
    const paid = micros(r, r.model);
    return would?.priced && paid?.priced ? Math.max(0, would.totalMicros - paid.totalMicros) : undefined;
  };

  return async (req, ctx, next) => {
    const route = req.meta.route ?? opts.route;
    const fallback = route?.fallback ?? [];
    if (req.model !== 'auto') return callWithFallback(next, req, ctx, req.model, 'direct', fallback, opts.baseUrls);
    if (!route) throw new ProviderError("Model 'auto' needs a route: set promptmeter.route (cheap and strong models) or a frontmatter route.");

    const { score } = complexityScore(req, model);
    ctx.log?.(`router: complexity ${score} (threshold ${model.threshold})`);
    if (score >= model.threshold) return callWithFallback(next, req, ctx, route.strong, 'auto:strong', fallback, opts.baseUrls);
    if (!route.cascade) {
      const resp = await callWithFallback(next, req, ctx, route.cheap, 'auto:cheap', fallback, opts.baseUrls);
      return withSaving(resp, 'routing', avoided(resp, route.strong));
    }

    // Cascade: hold the cheap model's stream back until its answer has passed validation.
    const held: string[] = [];
    let cheap: ChatResponse | undefined;
    let verdict: Validation;
    try {
      cheap = await callWithFallback(next, req, { ...ctx, onDelta: ctx.onDelta && ((d) => held.push(d)) }, route.cheap, 'auto:cheap', fallback, opts.baseUrls);
      verdict = validate(cheap, req);
    } catch (err) {
      if (isAbort(err, ctx) || !(err instanceof ProviderError)) throw err;
      verdict = { ok: false, reason: err.message };
    }
    if (cheap && verdict.ok) {
      if (held.length) ctx.onDelta?.(held.join(''));
      return withSaving(cheap, 'cascade', avoided(cheap, route.strong));
    }
    ctx.log?.(`router: escalating to ${route.strong} (${verdict.ok ? 'cheap model failed' : verdict.reason})`);
    const strong = await callWithFallback(next, req, ctx, route.strong, 'cascade:escalated', fallback, opts.baseUrls);
    return cheap ? { ...strong, priorAttempts: [cheap] } : strong;
  };
}

function withSaving(resp: ChatResponse, technique: 'routing' | 'cascade', amount: number | undefined): ChatResponse {
  return amount === undefined ? resp : { ...resp, savedMicros: { ...resp.savedMicros, [technique]: amount } };
}

/** Tries `model`, then each fallback model not tried yet, in order; aborts and non-provider errors stop at once. */
async function callWithFallback(
  next: Next, req: ChatRequest, ctx: CallContext, model: string, label: string, fallback: readonly string[],
  baseUrls?: Partial<Record<ProviderId, string>>,
): Promise<ChatResponse> {
  const order = [...new Set([model, ...fallback])];
  const failures: string[] = [];
  let last: ProviderError | undefined;
  for (const m of order) {
    try {
      const resp = await next(retarget(req, m, baseUrls), ctx);
      return { ...resp, route: m === model ? label : `fallback:${model}` };
    } catch (err) {
      if (isAbort(err, ctx) || !(err instanceof ProviderError)) throw err;
      last = err;
      failures.push(`${m}: ${err.message}`);
      if (m !== order[order.length - 1]) ctx.log?.(`router: ${m} failed (${err.message}); falling back`);
    }
  }
  if (order.length === 1 || !last) throw last;
  throw new ProviderError(`Every model failed. ${failures.join(' | ')}`, last.status, last.retryable, last);
}
