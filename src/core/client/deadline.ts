// One deadline for a whole run: the SDK's retries, a cascade's escalation and every fallback model share it.
import { ProviderError, type Stage } from './types';

export class RunDeadline extends Error {
  constructor(readonly ms: number) {
    super(`the run took longer than ${ms} ms`);
    this.name = 'RunDeadline';
  }
}

const secs = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Aborts everything inside it after `ms`; the error says which limit was hit and which setting raises it. */
export function deadlineStage(ms: number): Stage {
  return async (req, ctx, next) => {
    if (!(ms > 0)) return next(req, ctx);
    const controller = new AbortController();
    const onOuter = () => controller.abort(ctx.signal.reason);
    if (ctx.signal.aborted) onOuter(); else ctx.signal.addEventListener('abort', onOuter, { once: true });
    const timer = setTimeout(() => controller.abort(new RunDeadline(ms)), ms);
    try {
      return await next(req, { ...ctx, signal: controller.signal });
    } catch (err) {
      if (!(controller.signal.reason instanceof RunDeadline) || ctx.signal.aborted) throw err;
      const e = new ProviderError(
        `The run did not finish within its overall deadline of ${secs(ms)} (retries and fallbacks included); ` +
        'try again, or raise promptmeter.request.deadlineMs (CLI: PROMPTMETER_DEADLINE_MS).', undefined, true, err);
      // What the interrupted call still billed stays with the error (ledger and budget read it).
      const billed = err as { usage?: ProviderError['usage']; usageEstimated?: boolean; model?: unknown; route?: unknown } | null;
      if (billed?.usage) { e.usage = billed.usage; e.usageEstimated = billed.usageEstimated; }
      throw e;
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onOuter);
    }
  };
}
