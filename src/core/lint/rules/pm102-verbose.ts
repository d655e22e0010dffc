import type { LintContext } from '../context';
import type { Finding } from '../types';
import type { Rule } from '../rule';
import { findPhrases, keepCase, phraseRegex, quoteTitle } from './phrases';
import { VERBOSE_PHRASES } from './verbose-phrases';

const CONCISE = new Map(VERBOSE_PHRASES.map(([from, to]) => [from, to]));
const VERBOSE = phraseRegex(VERBOSE_PHRASES.map(([from]) => from));

export const pm102: Rule = {
  id: 'PM102',
  severity: 'warning',
  check(ctx: LintContext): Finding[] {
    const out: Finding[] = [];
    for (const m of findPhrases(ctx, VERBOSE)) {
      const concise = CONCISE.get(m.phrase.toLowerCase().replace(/ +/g, ' ').replace(/’/g, "'"));
      if (concise === undefined) continue;
      const newText = keepCase(m.phrase, concise);
      const f = ctx.savingFinding('PM102', m.start, m.end, { start: m.start, end: m.end, newText }, `Replace ${quoteTitle(m.phrase)} with ${quoteTitle(newText)}`,
        (saves) => `${quoteTitle(m.phrase)} says the same as ${quoteTitle(newText)} in fewer tokens: saves ${saves} per call.`);
      if (f) out.push(f);
    }
    return out;
  },
};
