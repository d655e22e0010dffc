import type { LintContext } from '../context';

export interface PhraseMatch { start: number; end: number; phrase: string }

function escape(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

/** One case-insensitive, whole-word alternation, longest phrase first so "make sure that you" beats "make sure". */
export function phraseRegex(phrases: string[]): RegExp {
  const alts = [...phrases].sort((a, b) => b.length - a.length).map((p) => escape(p).replace(/'/g, "['’]").replace(/ /g, ' +'));
  return new RegExp(`(?<![\\w'’-])(?:${alts.join('|')})(?![\\w'’-])`, 'gi');
}

/** Every match inside the editable prose of every message. */
export function findPhrases(ctx: LintContext, re: RegExp): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  for (const m of ctx.doc.messages) {
    for (const [from, to] of ctx.prose(m)) {
      const piece = ctx.text.slice(from, to);
      re.lastIndex = 0;
      for (let x = re.exec(piece); x; x = re.exec(piece)) out.push({ start: from + x.index, end: from + x.index + x[0].length, phrase: x[0] });
    }
  }
  return out;
}

export function isUpper(c: string | undefined): boolean { return !!c && c !== c.toLowerCase() && c === c.toUpperCase(); }
export function isLowerLetter(c: string | undefined): boolean { return !!c && c !== c.toUpperCase() && c === c.toLowerCase(); }

/** The replacement keeps a capital first letter where the original had one. */
export function keepCase(original: string, replacement: string): string {
  return isUpper(original[0]) && replacement ? replacement[0].toUpperCase() + replacement.slice(1) : replacement;
}

export function quoteTitle(s: string): string { return `'${s.replace(/\s+/g, ' ')}'`; }
