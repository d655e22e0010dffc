import { type LintContext, plural } from '../context';
import type { Finding } from '../types';
import type { Rule } from '../rule';

function usage(ctx: LintContext): { input: number; output: number; window?: number } {
  const output = ctx.doc.frontmatter.maxOutputTokens ?? ctx.options.expectedOutputTokens ?? 0;
  const window = ctx.options.prices.lookup(ctx.model, ctx.provider)?.contextWindow;
  return { input: ctx.inputTokens, output, window };
}

/** Input plus max output beyond the context window: the call fails or is truncated. */
export const pm301: Rule = {
  id: 'PM301',
  severity: 'error',
  check(ctx: LintContext): Finding[] {
    const { input, output, window } = usage(ctx);
    if (!window || input + output <= window) return [];
    const [s, e] = ctx.firstLine();
    return [ctx.finding('PM301', s, e, `${plural(input, 'input token')} plus ${plural(output, 'output token')} exceed ${ctx.model}'s context window of ${plural(window, 'token')} by ${plural(input + output - window, 'token')}.`)];
  },
};

export const CONTEXT_WARNING_SHARE = 0.8;

/** Above 80% of the context window: little room for the answer, and long prompts cost more per call. */
export const pm302: Rule = {
  id: 'PM302',
  severity: 'warning',
  check(ctx: LintContext): Finding[] {
    const { input, output, window } = usage(ctx);
    if (!window || input + output > window || input + output <= window * CONTEXT_WARNING_SHARE) return [];
    const [s, e] = ctx.firstLine();
    const share = Math.round(((input + output) / window) * 100);
    return [ctx.finding('PM302', s, e, `${plural(input, 'input token')} plus ${plural(output, 'output token')} use ${share}% of ${ctx.model}'s context window (${plural(window, 'token')}).`)];
  },
};
