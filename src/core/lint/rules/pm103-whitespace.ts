import type { LintContext } from '../context';
import type { Finding, TextEdit } from '../types';
import type { Rule } from '../rule';

// Indentation and code are never touched: prose segments exclude code, and runs must sit between two non-spaces.
const PATTERNS: { re: RegExp; replace: string; what: (m: string) => string; title: string }[] = [
  { re: /\n(?:[ \t]*\r?\n){3,}/g, replace: '\n\n', what: (m) => `${m.split('\n').length - 2} blank lines in a row`, title: 'Collapse blank lines to one' },
  { re: /[ \t]+(?=\r?\n)/g, replace: '', what: () => 'Trailing whitespace', title: 'Remove trailing whitespace' },
  { re: /(?<=\S) {2,}(?=\S)/g, replace: ' ', what: (m) => `A run of ${m.length} spaces`, title: 'Collapse spaces to one' },
];

export const pm103: Rule = {
  id: 'PM103',
  severity: 'warning',
  check(ctx: LintContext): Finding[] {
    if (ctx.doc.format === 'chat-json') return [];
    const out: Finding[] = [];
    for (const m of ctx.doc.messages) {
      for (const [from, to] of ctx.prose(m)) {
        const piece = ctx.text.slice(from, to);
        // Trailing spaces inside a run of blank lines go with the run's one finding: one finding per line would
        // each re-count the whole run (it is one pre-token), quadratic in the run's length.
        const runs: [number, number][] = [];
        for (const p of PATTERNS) {
          p.re.lastIndex = 0;
          for (let x = p.re.exec(piece); x; x = p.re.exec(piece)) {
            if (p === PATTERNS[0]) runs.push([x.index, x.index + x[0].length]);
            if (p === PATTERNS[1] && insideRun(runs, x.index)) continue;
            const edit: TextEdit = { start: from + x.index, end: from + x.index + x[0].length, newText: p.replace };
            const f = ctx.savingFinding('PM103', edit.start, edit.end, edit, p.title, (saves) => `${p.what(x[0])} costs ${saves} per call.`);
            if (f) out.push(f);
          }
        }
      }
    }
    return out;
  },
};

/** Runs are found in order, so a binary search tells whether `at` falls inside one. */
function insideRun(runs: [number, number][], at: number): boolean {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at < runs[mid][0]) hi = mid - 1;
    else if (at >= runs[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}
