import type { LintContext } from '../context';
import type { Finding, TextEdit } from '../types';
import type { Rule } from '../rule';
import { yamlBlocks } from './pretty-yaml';

// Pretty-printed data opens with a bracket alone on its line, or a bracket then a key, object or string.
const CANDIDATE = /^[ \t]*([{[])(?=[ \t]*$|[ \t]*["{[])/gm;
const MAX_DATA = 64 * 1024;

/** End offset of the bracket that closes the one at `open`, strings respected; -1 when it is not closed by `limit`. */
function closingBracket(text: string, open: number, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') { if (--depth === 0) return i + 1; }
  }
  return -1;
}

/** Pretty-printed JSON or block-style YAML data in prose: whitespace the model does not need, compacted when it parses. */
export const pm105: Rule = {
  id: 'PM105',
  severity: 'warning',
  check(ctx: LintContext): Finding[] {
    if (ctx.doc.format === 'chat-json') return [];
    const out: Finding[] = [];
    const { text } = ctx;
    const hard = ctx.hardProtected;
    for (const m of ctx.doc.messages) {
      const body = text.slice(m.start, m.end);
      CANDIDATE.lastIndex = 0;
      for (let x = CANDIDATE.exec(body); x; x = CANDIDATE.exec(body)) {
        const start = m.start + x.index + x[0].length - 1;
        const end = closingBracket(text, start, Math.min(m.end, start + MAX_DATA));
        if (end < 0) continue;
        const source = text.slice(start, end);
        if (!source.includes('\n') || hard(start, end) || /\d{16,}/.test(source)) continue;
        let compact: string;
        try { compact = JSON.stringify(JSON.parse(source)); } catch { continue; }
        if (compact === source || compact.length < 2) continue;
        const f = ctx.savingFinding('PM105', start, end, { start, end, newText: compact }, 'Compact JSON',
          (saves) => `Pretty-printed JSON costs ${saves} more per call than the same data compacted.`);
        if (!f) continue;
        out.push(f);
        CANDIDATE.lastIndex = end - m.start;
      }
      // Blocks in code, tags, comments or examples are skipped before they are parsed.
      for (const b of yamlBlocks(text, m, hard)) {
        // One line of JSON or of YAML flow style, whichever the file's encoder counts fewer tokens for.
        let best: { edit: TextEdit; saved: number; as: 'JSON' | 'flow style' } | undefined;
        for (const [as, newText] of [['JSON', b.json], ['flow style', b.flow]] as const) {
          if (newText === undefined) continue;
          const edit = { start: b.start, end: b.end, newText };
          const saved = ctx.saved([edit]);
          if (!best || saved > best.saved) best = { edit, saved, as };
        }
        if (!best) continue;
        const { edit, saved, as } = best;
        const f = ctx.savingFinding('PM105', b.start, b.end, edit, `Compact YAML to ${as}`,
          (saves) => `Pretty-printed YAML costs ${saves} more per call than the same data compacted to one line of ${as === 'JSON' ? 'JSON' : 'flow-style YAML'}.`, saved);
        if (f) out.push(f);
      }
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
