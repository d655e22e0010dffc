/**
 * Seeded mutants for fuzzing `lint --fix`: small windows of the corpus with the things lint fixes put in (filler,
 * repeated lines, dates in the system message, multi-line tags) and the things that break files (unclosed fences
 * and tags, delimiter runs, truncation, CRLF, BOM, NUL, astral characters). Input i depends only on (seed, i).
 * Small on purpose: every input is linted and fixed to a fixpoint, a few thousand of them in `npm test`.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { type Random, seededRandom as seeded } from '../../support/random';

const CORPUS = resolve(__dirname, '../../fixtures/corpus');
const EXTRA = [resolve(__dirname, '../../../examples'), resolve(__dirname, '../../fixtures/lint')];

export interface LintMutant { index: number; fileName: string; text: string; ops: string[] }

const int = (r: Random, n: number) => Math.floor(r() * n);
const pick = <T>(r: Random, xs: readonly T[]): T => xs[int(r, xs.length)];

export function seedFiles(): { name: string; text: string }[] {
  const dirs = ['markdown', 'prompty', 'dotprompt'].map((d) => join(CORPUS, d)).concat(EXTRA);
  return dirs.flatMap((d) => readdirSync(d).sort().filter((f) => !/readme\.md$/i.test(f)).map((f) => ({ name: f, text: readFileSync(join(d, f), 'utf8') })));
}

/** The frontmatter (kept whole, it picks the model and roles) and a window of the body of at most `size` chars. */
function windowOf(text: string, r: Random, size: number): string {
  const fm = /^---\r?\n[\s\S]*?\r?\n---[ \t]*\r?\n/.exec(text);
  const head = fm ? fm[0] : '';
  const body = text.slice(head.length);
  if (body.length <= size) return text;
  const from = body.lastIndexOf('\n', int(r, body.length - size)) + 1;
  return head + body.slice(from, from + size);
}

const lineStart = (text: string, r: Random, from = 0) => {
  const at = from + int(r, Math.max(1, text.length - from + 1));
  return text.lastIndexOf('\n', at - 1) + 1;
};
const bodyStart = (text: string) => /^---\r?\n[\s\S]*?\r?\n---[ \t]*\r?\n/.exec(text)?.[0].length ?? 0;
const insertAt = (text: string, at: number, s: string) => text.slice(0, at) + s + text.slice(at);

const FILLER = ['Please ', 'Kindly ', 'Make sure to ', 'I would like you to ', 'Feel free to '];
const VERBOSE = ['in order to ', 'due to the fact that ', 'at this point in time ', 'for the purpose of '];
const DATES = ['Today is Monday, 3 March 2025.', 'Current date: 2025-03-14', 'Today is {{current_date}}.', 'It is now {{ now | date }}.'];
const TAGS = ['{{ name\n  | upper }}', '{{#if x}}\nyes\n{{/if}}', '{% if a %}\nb\n{% endif %}', '{{user_name}}', '{# note\nmore #}'];
const BREAKERS = ['```', '```python\nx  =  1   \n', '~~~\n', '{{', '}}', '{%', '---\n', '"', '<!--', '{', '\r\n', '\uFEFF', '\0', '😀𝕏'];

type Op = (text: string, r: Random) => [string, string];

const OPS: Op[] = [
  (t, r) => { const at = lineStart(t, r, bodyStart(t)); const f = pick(r, FILLER); return [insertAt(t, at, f), `filler(${f.trim()}@${at})`]; },
  (t, r) => { const at = lineStart(t, r, bodyStart(t)); const v = pick(r, VERBOSE); return [insertAt(t, at, `Answer ${v}help the user with every question they ask.\n`), `verbose@${at}`]; },
  (t, r) => {
    // A line repeated further down, sometimes with filler in front so it only repeats once the filler is gone.
    const lines = t.split('\n');
    const b = t.slice(0, bodyStart(t)).split('\n').length - 1;
    const k = b + int(r, Math.max(1, lines.length - b));
    const copy = (r() < 0.5 ? pick(r, FILLER) : '') + (lines[k] ?? '');
    lines.splice(k + 1 + int(r, 4), 0, copy);
    return [lines.join('\n'), `repeat(${k})`];
  },
  (t, r) => { const at = lineStart(t, r, bodyStart(t)); const d = pick(r, DATES); return [insertAt(t, at, `${d}\n`), `date@${at}`]; },
  (t, r) => { const at = lineStart(t, r, bodyStart(t)); const g = pick(r, TAGS); return [insertAt(t, at, `${g}\n`), `tag@${at}`]; },
  (t, r) => { const b = pick(r, BREAKERS); const at = r() < 0.5 ? t.length : lineStart(t, r, bodyStart(t)); return [insertAt(t, at, b.repeat(1 + int(r, 3))), `break(${JSON.stringify(b)}@${at})`]; },
  (t, r) => { const at = int(r, t.length + 1); return [t.slice(0, at), `truncate(${at})`]; },
  (t, r) => { const at = lineStart(t, r); return [insertAt(t, at, '    \n\n  \n \n\n'), `blank@${at}`]; },
  (t, r) => [r() < 0.5 ? t.replace(/\r?\n/g, '\r\n') : '\uFEFF' + t, 'crlf-or-bom'],
  (t, r) => { const at = int(r, t.length + 1); return [insertAt(t, at, '  '.repeat(1 + int(r, 4))), `spaces@${at}`]; },
];

/** Input `index` of the run with `seed`: a corpus window with 1-4 mutations. */
export function lintMutant(seeds: readonly { name: string; text: string }[], seed: number, index: number): LintMutant {
  const r = seeded((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const base = pick(r, seeds);
  let text = windowOf(base.text, r, 300 + int(r, 1500));
  const ops: string[] = [];
  for (let n = 1 + int(r, 4); n > 0; n--) {
    const [next, label] = pick(r, OPS)(text, r);
    text = next;
    ops.push(label);
  }
  return { index, fileName: base.name, text, ops };
}
