import type { LintContext } from '../context';
import type { Finding, TextEdit } from '../types';
import type { Rule } from '../rule';
import { FILLER_PHRASES } from './filler-phrases';
import { findPhrases, isLowerLetter, isUpper, phraseRegex, type PhraseMatch, quoteTitle } from './phrases';

const FILLER = phraseRegex(FILLER_PHRASES);

/** Removes the phrase and its following space; at a capitalised start the next word takes the capital. */
function removal(text: string, m: PhraseMatch): TextEdit | undefined {
  const before = text.slice(Math.max(0, m.start - 12), m.start);
  // "aim to please", "if you please": the word is a verb there, not politeness.
  if (/\b(to|you|will|would|cannot|can't)\s+$/i.test(before)) return undefined;
  const rest = text.slice(m.end, m.end + 4);
  const trailing = /^,? +(?=\S)/.exec(rest);
  if (trailing) {
    const next = text[m.end + trailing[0].length];
    if (isUpper(m.phrase[0]) && isLowerLetter(next)) return { start: m.start, end: m.end + trailing[0].length + 1, newText: next.toUpperCase() };
    if (/[A-Za-z0-9*_(]/.test(next) || isLowerLetter(next) || isUpper(next)) return { start: m.start, end: m.end + trailing[0].length, newText: '' };
    return undefined;
  }
  // "…, please." at the end of a sentence: drop the comma too.
  const comma = /,[ \t]*$/.exec(before);
  if (comma && /^[.!?]/.test(rest)) return { start: m.start - comma[0].length, end: m.end, newText: '' };
  return undefined;
}

// After a removal at a line start, `user:` (or `User:`) would begin the line: a new role marker in most formats.
const ROLE_LINE = /^[ \t]*(?:system|user|assistant|developer|tool|function|model|human|ai)[ \t]*:/i;

function makesRoleMarker(text: string, e: TextEdit): boolean {
  const lineStart = text.lastIndexOf('\n', e.start - 1) + 1;
  const nl = text.indexOf('\n', e.end);
  return ROLE_LINE.test(text.slice(lineStart, e.start) + e.newText + text.slice(e.end, nl < 0 ? text.length : nl));
}

export const pm101: Rule = {
  id: 'PM101',
  severity: 'warning',
  check(ctx: LintContext): Finding[] {
    const out: Finding[] = [];
    for (const m of findPhrases(ctx, FILLER)) {
      const edit = removal(ctx.text, m);
      if (!edit || ctx.isProtected(edit.start, edit.end) || makesRoleMarker(ctx.text, edit)) continue;
      const what = quoteTitle(m.phrase);
      const f = ctx.savingFinding('PM101', m.start, m.end, edit, `Remove filler ${what}`,
        (saves) => `Filler ${what} adds nothing the model needs: removing it saves ${saves} per call.`);
      if (f) out.push(f);
    }
    return out;
  },
};
