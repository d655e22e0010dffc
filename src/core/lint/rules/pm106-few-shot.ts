import { countTokens } from '../../tokens';
import { type LintContext, plural } from '../context';
import type { Span } from '../spans';
import type { Finding } from '../types';
import type { Rule } from '../rule';

const EXAMPLE_TAG = /<(example)\b[^>]*>[\s\S]*?<\/example\s*>/gi;
const EXAMPLES_TAG = /<(examples)\b[^>]*>[\s\S]*?<\/examples\s*>/gi;
const EXAMPLE_HEADING = /^(#{1,6})[ \t]+(?:\*\*)?example\b(?!s)[^\n]*$/gim;
const EXAMPLE_LABEL = /^[ \t]*(?:\*\*)?example[ \t]*\d*[ \t]*(?:\*\*)?[ \t]*:(?:\*\*)?[^\n]*$/gim;

function matches(re: RegExp, text: string, from: number, to: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) out.push(m);
  return out;
}

/** Example spans in one message: `<example>` tags, "## Example" headings and "Example 1:" labels. */
function textExamples(ctx: LintContext, from: number, to: number): Span[] {
  const { text } = ctx;
  const tags = matches(EXAMPLE_TAG, text, from, to).filter((m) => m.index + m[0].length <= to);
  if (tags.length) return tags.map((m) => [m.index, m.index + m[0].length]);
  const wrappers = matches(EXAMPLES_TAG, text, from, to).filter((m) => m.index + m[0].length <= to);
  if (wrappers.length) return wrappers.map((m) => [m.index, m.index + m[0].length]);
  const heads = matches(EXAMPLE_HEADING, text, from, to).filter((h) => !ctx.inCodeFence(h.index, h.index + 1));
  if (heads.length) {
    return heads.map((h) => {
      const level = h[1].length;
      const next = new RegExp(`^#{1,${level}}[ \\t]`, 'gm');
      next.lastIndex = h.index + h[0].length;
      const n = next.exec(text);
      return [h.index, n && n.index < to ? n.index : to];
    });
  }
  const labels = matches(EXAMPLE_LABEL, text, from, to).filter((l) => !ctx.inCodeFence(l.index, l.index + 1));
  return labels.map((l, k) => {
    const stop = /\n[ \t]*\n[ \t]*\n|\n#{1,6}[ \t]/g;
    stop.lastIndex = l.index + l[0].length;
    const s = stop.exec(text);
    const limits = [labels[k + 1]?.index ?? to, s && s.index < to ? s.index : to];
    return [l.index, Math.min(...limits)];
  });
}

/** Few-shot examples: what each costs and the share of the prompt they take (information, no fix). */
export const pm106: Rule = {
  id: 'PM106',
  severity: 'info',
  check(ctx: LintContext): Finding[] {
    const msgs = ctx.doc.messages;
    const total = msgs.reduce((n, _m, i) => n + ctx.messageTokens(i), 0);
    if (total === 0) return [];
    const examples: { span: Span; tokens: number }[] = [];
    // Chat turns before the last user message are examples when an assistant answers in them.
    const lastUser = msgs.map((m) => m.role).lastIndexOf('user');
    for (let i = 0; i + 1 < lastUser; i++) {
      if (msgs[i].role === 'user' && msgs[i + 1].role === 'assistant') {
        examples.push({ span: [msgs[i].start, msgs[i + 1].end], tokens: ctx.messageTokens(i) + ctx.messageTokens(i + 1) });
        i++;
      }
    }
    if (ctx.doc.format !== 'chat-json') {
      for (const m of msgs) for (const span of textExamples(ctx, m.start, m.end)) {
        examples.push({ span, tokens: countTokens(ctx.encoding, ctx.text.slice(span[0], span[1]).trim()) });
      }
    }
    examples.sort((a, b) => a.span[0] - b.span[0]);
    const all = examples.reduce((n, e) => n + e.tokens, 0);
    const pct = (n: number) => `${Math.round((n / total) * 100)}%`;
    return examples.map((e, k) => {
      const nl = ctx.text.indexOf('\n', e.span[0]);
      const end = nl < 0 || nl > e.span[1] ? e.span[1] : nl;
      return ctx.finding('PM106', e.span[0], end,
        `Few-shot example ${k + 1} of ${examples.length}: ${plural(e.tokens, 'token')}, ${pct(e.tokens)} of the prompt (all examples: ${plural(all, 'token')}, ${pct(all)}). Every call pays for them; fewer or shorter examples cut that cost.`);
    });
  },
};
