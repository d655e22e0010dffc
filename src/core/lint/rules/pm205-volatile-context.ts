import type { LintContext } from '../context';
import type { Finding } from '../types';
import type { Rule } from '../rule';

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
/** Text that goes stale within days: dates, times, "last updated", and counters of things that keep moving. */
const VOLATILE: { re: RegExp; what: string }[] = [
  { re: /\b(?:last (?:updated|modified|reviewed)|updated (?:on|at)|as of)\b[^\n]{0,40}/gi, what: 'a "last updated" note' },
  { re: /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?\b/g, what: 'a date' },
  { re: new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)? ${MONTH},? \\d{4}\\b|\\b${MONTH} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}\\b`, 'gi'), what: 'a date' },
  { re: /\b\d+ (?:open |failing |passing )?(?:issues|tests|tickets|bugs|TODOs|commits|PRs|pull requests|files|lines of code)\b/gi, what: 'a counter' },
  { re: /\b(?:build|run|release|sprint|iteration) #?\d+\b/gi, what: 'a counter' },
];

/** Always-on context files ride along with every turn; content that changes often rewrites the cached prefix. */
export const pm205: Rule = {
  id: 'PM205',
  severity: 'info',
  check(ctx: LintContext): Finding[] {
    if (!ctx.doc.alwaysOn) return [];
    const out: Finding[] = [];
    const taken: [number, number][] = [];
    for (const m of ctx.doc.messages) {
      const body = ctx.text.slice(m.start, m.end);
      for (const { re, what } of VOLATILE) {
        for (const hit of body.matchAll(re)) {
          const start = m.start + hit.index!;
          const end = start + hit[0].trimEnd().length;
          if (taken.some(([s, e]) => start < e && end > s)) continue;
          taken.push([start, end]);
          out.push(ctx.finding('PM205', start, end,
            `'${hit[0].trim()}' is ${what} in ${ctx.doc.alwaysOn}, which is sent with every turn. Each change makes every session re-send `
            + 'and re-cache the whole file; keep facts that change often out of always-on context (let the agent look them up).'));
        }
      }
    }
    return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  },
};
