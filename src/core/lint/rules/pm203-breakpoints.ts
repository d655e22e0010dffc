import type { CacheMark } from '../../prompt/model';
import type { LintContext } from '../context';
import type { Finding, Severity } from '../types';
import type { Rule } from '../rule';

export const MAX_BREAKPOINTS = 4;
export const LOOKBACK_BLOCKS = 20;

/** Anthropic `cache_control` breakpoints: at most 4, longer TTLs first, each within 20 blocks of the previous. */
export const pm203: Rule = {
  id: 'PM203',
  severity: 'warning',
  check(ctx: LintContext): Finding[] {
    if (ctx.doc.format !== 'chat-json') return [];
    const marks: CacheMark[] = [...(ctx.doc.toolCacheMarks ?? []), ...ctx.doc.messages.flatMap((m) => m.cacheMarks ?? [])]
      .sort((a, b) => a.blockIndex - b.blockIndex);
    if (marks.length === 0) return [];
    const at = [...ctx.text.matchAll(/"cache_control"\s*:/g)].map((m) => [m.index!, m.index! + m[0].length - 1] as const);
    const place = (k: number) => (at.length === marks.length ? at[k] : [0, 0] as const);
    const out: Finding[] = [];
    const add = (k: number, message: string, severity: Severity) => {
      const [s, e] = place(k);
      out.push({ ...ctx.finding('PM203', s, e, message), severity });
    };
    marks.forEach((m, k) => {
      if (k === MAX_BREAKPOINTS) add(k, `${marks.length} cache_control breakpoints: Anthropic accepts at most ${MAX_BREAKPOINTS} per request and rejects the call.`, 'error');
      const prev = marks[k - 1];
      if (!prev) return;
      if (m.ttl === '1h' && (prev.ttl ?? '5m') === '5m') add(k, "A 1-hour cache_control mark after a 5-minute one: longer TTLs must come first, so this request is rejected.", 'error');
      const gap = m.blockIndex - prev.blockIndex;
      if (gap > LOOKBACK_BLOCKS) add(k, `This breakpoint is ${gap} blocks after the previous one; the cache lookup reaches back only about ${LOOKBACK_BLOCKS} blocks, so earlier content may never be found. Add a breakpoint in between.`, 'warning');
    });
    return out;
  },
};
