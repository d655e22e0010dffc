import { type LintContext, plural } from '../context';
import { dynamicBlocks, isSystemDate, moveEdits, moveTarget } from '../dynamic';
import type { Finding } from '../types';
import type { Rule } from '../rule';
import { cacheSavingText, staticTokensAfter } from './pm201-dynamic-first';

/** A date or time in the system prompt changes every call and breaks the cache for everything after it. */
export const pm204: Rule = {
  id: 'PM204',
  severity: 'warning',
  check(ctx: LintContext): Finding[] {
    const all = dynamicBlocks(ctx);
    const out: Finding[] = [];
    all.forEach((b, k) => {
      if (!isSystemDate(ctx, b)) return;
      const after = staticTokensAfter(ctx, b, all[k + 1]);
      const target = moveTarget(ctx, b);
      const edits = b.movable && target !== b.message ? moveEdits(ctx, [b], target) : undefined;
      const prefixAfter = ctx.prefixTokens(b.message, b.start) + after;
      const what = b.dateLabel ?? b.label;
      const message = `'${what}' puts a date or time in the system prompt, the most common cache breaker: it changes every call, `
        + `so the ${plural(after, 'static token')} after it are never read from cache. Move it to the end of the last user message. ${cacheSavingText(ctx, after, prefixAfter)}`;
      const fix = edits ? { title: `Move '${what}' to the end of the last user message (caches ${plural(after, 'more token')})`, edits } : undefined;
      out.push(ctx.finding('PM204', b.start, b.end, message, fix, fix ? ctx.saved(fix.edits) : 0));
    });
    return out;
  },
};
