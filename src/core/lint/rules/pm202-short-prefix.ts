import { minCacheableTokens } from '../../pricing/caching';
import { type LintContext, plural } from '../context';
import { dynamicBlocks } from '../dynamic';
import type { Finding } from '../types';
import type { Rule } from '../rule';

/** A static prefix under the provider's minimum is never cached: the call succeeds and silently pays full price. */
export const pm202: Rule = {
  id: 'PM202',
  severity: 'info',
  check(ctx: LintContext): Finding[] {
    const msgs = ctx.doc.messages;
    if (msgs.length === 0) return [];
    const first = dynamicBlocks(ctx)[0];
    const prefix = first ? ctx.prefixTokens(first.message, first.start) : ctx.inputTokens;
    const min = minCacheableTokens(ctx.model);
    if (prefix >= min.tokens) return [];
    // Only worth saying when caching is within reach: the prompt is big enough, or the prefix is half way there.
    if (ctx.inputTokens < min.tokens && prefix < min.tokens / 2) return [];
    const missing = min.tokens - prefix;
    const [start, end] = first ? [first.start, first.end] : ctx.firstLine();
    const where = first ? 'before this per-call line' : 'in this prompt';
    return [ctx.finding('PM202', start, end,
      `The static prefix ${where} is ${plural(prefix, 'token')}; ${ctx.model} caches prefixes from ${plural(min.tokens, 'token')}${min.verified ? '' : ' (unverified)'}, `
      + `so ${plural(missing, 'token')} are missing and every call pays the full input price for it.`)];
  },
};
