import type { LintContext } from '../context';
import type { Finding, TextEdit } from '../types';
import type { Rule } from '../rule';

const LIST_MARKER = /^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/;
const SENTENCE = /[^.!?]+(?:[.!?]+|$)/g;
const MIN_WORDS = 6;

/** An instruction reads as prose: enough words, mostly lower case (headings, tags and field labels are not). */
function isInstruction(raw: string): boolean {
  if (raw.length < MIN_WORDS * 3 || /^\s*<|[[\]{}]/.test(raw)) return false;
  const words = raw.trim().split(/\s+/);
  if (words.length < MIN_WORDS) return false;
  let lower = 0;
  for (const w of words) if (/^[a-z]/.test(w)) lower++;
  return lower >= words.length * 0.6;
}

// Case and punctuation do not make two instructions different.
function normalise(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9\u00c0-\uffff]+/g, ' ').trim();
}

interface Seen { line: number }

/** Removal of a whole line (with its newline) or of one sentence and the space that joins it to its neighbours. */
function removal(text: string, lineStart: number, lineEnd: number, s: number, e: number, msgStart: number, msgEnd: number, wholeLine: boolean): TextEdit {
  if (wholeLine) {
    if (text[lineEnd] === '\n' && lineEnd < msgEnd) return { start: lineStart, end: lineEnd + 1, newText: '' };
    return { start: Math.max(msgStart, lineStart - 1), end: lineEnd, newText: '' };
  }
  let end = e;
  while (text[end] === ' ' && end < lineEnd) end++;
  if (end < lineEnd) return { start: s, end, newText: '' };
  let start = s;
  while (start > lineStart && text[start - 1] === ' ') start--;
  return { start, end: e, newText: '' };
}

export const pm104: Rule = {
  id: 'PM104',
  severity: 'warning',
  check(ctx: LintContext): Finding[] {
    if (ctx.doc.format === 'chat-json') return [];
    const out: Finding[] = [];
    const seen = new Map<string, Seen>();
    const { text } = ctx;
    for (const m of ctx.doc.messages) {
      if (m.role === 'assistant') continue; // few-shot answers may repeat on purpose
      let lineStart = m.start;
      while (lineStart < m.end) {
        let lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd < 0 || lineEnd > m.end) lineEnd = m.end;
        const line = text.slice(lineStart, lineEnd);
        const skip = /^\s*(#|\||$)/.test(line) || ctx.isProtected(lineStart, Math.max(lineEnd, lineStart + 1));
        if (!skip) {
          const marker = LIST_MARKER.exec(line)?.[0].length ?? 0;
          const body = line.slice(marker);
          SENTENCE.lastIndex = 0;
          const sentences = [...body.matchAll(SENTENCE)].filter((x) => x[0].trim());
          for (const x of sentences) {
            if (!isInstruction(x[0])) continue;
            const key = normalise(x[0]);
            const lead = x[0].length - x[0].trimStart().length;
            const s = lineStart + marker + x.index! + lead;
            const e = lineStart + marker + x.index! + x[0].trimEnd().length;
            const first = seen.get(key);
            if (!first) { seen.set(key, { line: ctx.lines.position(s).line }); continue; }
            const wholeLine = sentences.length === 1;
            const edit = removal(text, lineStart, lineEnd, s, e, m.start, m.end, wholeLine);
            const f = ctx.savingFinding('PM104', s, e, edit, 'Remove repeated instruction',
              (saves) => `This instruction repeats line ${first.line + 1}: removing the repeat saves ${saves} per call.`);
            if (f) out.push(f);
          }
        }
        lineStart = lineEnd + 1;
      }
    }
    return out;
  },
};
