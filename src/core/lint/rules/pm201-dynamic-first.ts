import { formatUSD } from '../../money';
import { minCacheableTokens } from '../../pricing/caching';
import { type LintContext, plural } from '../context';
import { type DynamicBlock, dynamicBlocks, isSystemDate, moveEdits, moveTarget } from '../dynamic';
import type { Finding } from '../types';
import type { Rule } from '../rule';

export const DEFAULT_DYNAMIC_THRESHOLD = 256;

/** Static tokens from the end of `b` to the start of `next` (or the end of the prompt), across messages. */
export function staticTokensAfter(ctx: LintContext, b: DynamicBlock, next: DynamicBlock | undefined): number {
  const msgs = ctx.doc.messages;
  const lastMsg = next ? next.message : msgs.length - 1;
  let n = 0;
  for (let i = b.message; i <= lastMsg; i++) {
    const from = i === b.message ? b.end : msgs[i].start;
    const to = next && i === next.message ? next.start : msgs[i].end;
    n += ctx.tokensIn(i, from, to);
  }
  return n;
}

/** "… saves $0.0031 per call at gpt-4o's cached-input price", or why it does not. */
export function cacheSavingText(ctx: LintContext, tokens: number, prefixAfter: number): string {
  const pricing = ctx.options.prices.lookup(ctx.model, ctx.provider);
  const min = minCacheableTokens(ctx.model);
  const belowMin = prefixAfter < min.tokens ? ` (once the static prefix reaches ${plural(min.tokens, 'token')}, the minimum ${ctx.model} caches${min.verified ? '' : ', unverified'})` : '';
  if (!pricing) return `${ctx.model} is unpriced, so the saving cannot be priced${belowMin}.`;
  const r = pricing.rates(ctx.inputTokens);
  const micros = Math.round(tokens * (r.input - r.cacheRead));
  if (micros <= 0) return `${ctx.model} has no cached-input discount in the price data${belowMin}.`;
  return `That saves ${formatUSD(micros)} per call at ${ctx.model}'s cached-input price${belowMin}.`;
}

export function whereTo(ctx: LintContext, b: DynamicBlock, target: number): string {
  return target === b.message ? 'the end of this message' : 'the end of the last user message';
}

/**
 * Per-call text before a long static stretch: providers cache a prefix, so everything after the first change is
 * paid at the full rate. Adjacent dynamic lines separated by little static text move together as one edit set.
 */
export const pm201: Rule = {
  id: 'PM201',
  severity: 'warning',
  check(ctx: LintContext): Finding[] {
    const threshold = ctx.options.dynamicThresholdTokens ?? DEFAULT_DYNAMIC_THRESHOLD;
    const all = dynamicBlocks(ctx);
    const out: Finding[] = [];
    let group: DynamicBlock[] = [];
    let gained = 0;
    all.forEach((b, k) => {
      const gap = staticTokensAfter(ctx, b, all[k + 1]);
      if (isSystemDate(ctx, b)) return; // PM204 reports it
      group.push(b);
      gained += gap;
      if (gap < threshold) return;
      const first = group[0];
      const target = moveTarget(ctx, first);
      const fits = group.every((g) => g.movable && g.message <= target);
      const edits = fits ? moveEdits(ctx, group, target) : undefined;
      const prefixAfter = ctx.prefixTokens(first.message, first.start) + gained;
      const where = whereTo(ctx, first, target);
      const what = group.length > 1 ? `'${first.label}' and ${group.length - 1} more per-call line${group.length > 2 ? 's' : ''}` : `'${first.label}'`;
      const message = `${what} change${group.length > 1 ? '' : 's'} per call and come${group.length > 1 ? '' : 's'} before ${plural(gained, 'static token')}, so none of them can be cached. `
        + `Moved to ${where}, ${plural(gained, 'more token')} could be read from cache on every call. ${cacheSavingText(ctx, gained, prefixAfter)}`;
      const fix = edits ? { title: `Move ${what} to ${where} (caches ${plural(gained, 'more token')})`, edits } : undefined;
      out.push(ctx.finding('PM201', first.start, first.end, message, fix, fix ? ctx.saved(fix.edits) : 0));
      group = [];
      gained = 0;
    });
    return out;
  },
};
