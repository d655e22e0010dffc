import type { LineIndex } from './lines';
import type { ParseProblem } from './model';

/** One template tag: `{{ … }}`, `{{{ … }}}`, `{% … %}` or a comment, with the text inside its delimiters. */
export interface Tag {
  start: number;
  end: number;
  kind: 'output' | 'statement' | 'comment';
  /** Text between the delimiters, whitespace-control marks (`~`, `-`, `+`) removed, trimmed. */
  inner: string;
}

/** At most this many problems per scan: a file of 80,000 stray `{{` needs one screenful, not 80,000 squiggles. */
export const MAX_TAG_PROBLEMS = 100;

/** Collects a scan's problems up to the cap, then one line saying how many more there were. */
class Reporter {
  private count = 0;
  private firstHidden = 0;
  constructor(private readonly index: LineIndex, private readonly problems: ParseProblem[]) {}

  add(message: string, start: number, end: number, severity: ParseProblem['severity'] = 'error'): void {
    if (++this.count <= MAX_TAG_PROBLEMS) this.problems.push({ message, range: this.index.range(start, end), severity });
    else if (this.count === MAX_TAG_PROBLEMS + 1) this.firstHidden = start;
  }

  finish(): void {
    const hidden = this.count - MAX_TAG_PROBLEMS;
    if (hidden > 0) this.problems.push({ message: `${hidden} more template tag problems are not listed; fix the ones above first.`, range: this.index.range(this.firstHidden, this.firstHidden), severity: 'error' });
  }
}

function stripControl(inner: string, marks: string): string {
  let s = inner;
  if (s.length && marks.includes(s[0])) s = s.slice(1);
  if (s.length && marks.includes(s[s.length - 1])) s = s.slice(0, -1);
  return s.trim();
}

/**
 * `text.indexOf(needle, from)` for calls whose `from` only grows: a found position is reused until the scan passes
 * it, so a run of thousands of unclosed `{{` costs one pass, not one pass per tag.
 */
export class Finder {
  private from = -1;
  private at = -1;
  constructor(private readonly text: string, private readonly needle: string) {}

  next(from: number): number {
    if (this.from < 0 || from < this.from || (this.at >= 0 && this.at < from)) {
      this.from = from;
      this.at = this.text.indexOf(this.needle, from);
    }
    return this.at;
  }
}

/** End of the line holding `pos`, capped at `to`. */
function lineEndFrom(lines: Finder, pos: number, to: number): number {
  const end = lines.next(pos);
  return end < 0 || end > to ? to : end;
}

/** Handlebars / Mustache tags between offsets; reports unclosed tags and stray `}}` in plain text. */
export function scanMustacheTags(text: string, from: number, to: number, index: LineIndex, problems: ParseProblem[], reportStrayClose: boolean): Tag[] {
  const report = new Reporter(index, problems);
  try { return scanMustacheTagsWith(text, from, to, report, reportStrayClose); } finally { report.finish(); }
}

function scanMustacheTagsWith(text: string, from: number, to: number, report: Reporter, reportStrayClose: boolean): Tag[] {
  const tags: Tag[] = [];
  const opens = new Finder(text, '{{');
  const closes = new Finder(text, '}}');
  const tripleCloses = new Finder(text, '}}}');
  const lines = new Finder(text, '\n');
  let depth = 0;
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === '{' && text[i + 1] === '{' && text[i - 1] !== '\\') {
      const start = i;
      if (text.startsWith('{{!--', i) || text.startsWith('{{~!--', i)) {
        const close = text.indexOf('--', i + 5);
        let end = -1;
        for (let k = close; k >= 0 && k < to; k = text.indexOf('--', k + 1)) {
          const m = /^--~?\}\}/.exec(text.slice(k, k + 5));
          if (m) { end = k + m[0].length; break; }
        }
        if (end < 0) { report.add("Comment '{{!--' is never closed with '--}}'.", start, Math.min(start + 5, to)); return tags; }
        tags.push({ start, end, kind: 'comment', inner: text.slice(start, end) });
        i = end;
        continue;
      }
      if (text[i + 2] === '!' || text.startsWith('{{~!', i)) {
        // A short comment ends at the first '}}', even when it mentions other tags.
        const close = closes.next(i + 3);
        if (close < 0 || close + 2 > to) { report.add("Comment '{{!' is never closed with '}}'.", start, Math.min(start + 3, to)); return tags; }
        tags.push({ start, end: close + 2, kind: 'comment', inner: text.slice(start, close + 2) });
        i = close + 2;
        continue;
      }
      const triple = text[i + 2] === '{';
      const open = triple ? 3 : 2;
      const closeTok = triple ? '}}}' : '}}';
      const close = (triple ? tripleCloses : closes).next(i + open);
      const nextOpen = opens.next(i + open);
      if (close < 0 || close + closeTok.length > to || (nextOpen >= 0 && nextOpen < close)) {
        const lineEnd = lineEndFrom(lines, start, to);
        report.add(`Tag '${text.slice(start, Math.min(start + 20, lineEnd)).trim()}' is not closed with '${closeTok}'.`, start, lineEnd);
        i = nextOpen >= 0 && nextOpen < to ? nextOpen : to;
        continue;
      }
      const end = close + closeTok.length;
      const inner = stripControl(text.slice(i + open, close).trim(), '~');
      tags.push({ start, end, kind: inner.startsWith('!') ? 'comment' : 'output', inner });
      i = end;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth > 0) depth--;
      else if (text[i + 1] === '}' && reportStrayClose) {
        // Handlebars renders a stray '}}' as text, so it is worth a look but does not stop a run.
        report.add("Unbalanced '}}' without a matching '{{' (Handlebars renders it as text).", i, i + 2, 'warning');
        i += 2;
        continue;
      }
    }
    i++;
  }
  return tags;
}

const JINJA_CLOSE: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };

/** Jinja2 tags between offsets; `{% raw %}` bodies are skipped, unclosed tags reported. */
export function scanJinjaTags(text: string, from: number, to: number, index: LineIndex, problems: ParseProblem[]): Tag[] {
  const report = new Reporter(index, problems);
  try { return scanJinjaTagsWith(text, from, to, report); } finally { report.finish(); }
}

function scanJinjaTagsWith(text: string, from: number, to: number, report: Reporter): Tag[] {
  const tags: Tag[] = [];
  const closes: Record<string, Finder> = { '}}': new Finder(text, '}}'), '%}': new Finder(text, '%}'), '#}': new Finder(text, '#}') };
  const outputOpens = new Finder(text, '{{');
  const statementOpens = new Finder(text, '{%');
  const lines = new Finder(text, '\n');
  const nextOpenFrom = (pos: number) => {
    const a = outputOpens.next(pos);
    const b = statementOpens.next(pos);
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  };
  let i = from;
  while (i < to) {
    i = text.indexOf('{', i);
    if (i < 0 || i >= to) break;
    const open = text.slice(i, i + 2);
    const closeTok = JINJA_CLOSE[open];
    if (!closeTok) { i++; continue; }
    const close = closes[closeTok].next(i + 2);
    // Another tag opening before this one closes means this one is unclosed (comments may hold anything).
    const limit = close < 0 ? to : close;
    const found = open === '{#' ? -1 : nextOpenFrom(i + 2);
    const nextOpen = found >= 0 && found + 2 <= limit ? found : -1;
    if (close < 0 || close + 2 > to || nextOpen >= 0) {
      report.add(`Tag '${open}' is not closed with '${closeTok}'.`, i, lineEndFrom(lines, i, to));
      i = nextOpen >= 0 ? nextOpen : to;
      continue;
    }
    const end = close + 2;
    const inner = stripControl(text.slice(i + 2, close), '-+');
    const kind = open === '{{' ? 'output' : open === '{%' ? 'statement' : 'comment';
    tags.push({ start: i, end, kind, inner });
    i = end;
    if (kind === 'statement' && /^raw\b/.test(inner)) {
      const endRaw = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;
      endRaw.lastIndex = i;
      const m = endRaw.exec(text);
      if (!m || m.index >= to) { report.add("'{% raw %}' is never closed with '{% endraw %}'.", tags[tags.length - 1].start, end); return tags; }
      tags.push({ start: m.index, end: m.index + m[0].length, kind: 'statement', inner: 'endraw' });
      i = m.index + m[0].length;
    }
  }
  return tags;
}

/** Deeper block nesting is refused for rendering: nunjucks and Handlebars take super-linear time on it (1,000 levels: ~0.5 s). */
export const MAX_BLOCK_DEPTH = 64;
const TOO_DEEP = `Blocks nest more than ${MAX_BLOCK_DEPTH} deep`;

/** True when parsing found nesting too deep to render: counts are then of the template text. */
export function tooDeepToRender(problems: readonly ParseProblem[]): boolean {
  return problems.some((p) => p.message.startsWith(TOO_DEEP));
}

interface OpenBlock { name: string; tag: Tag }
interface BlockTag { name: string; opens: boolean }

/** How a template language writes a block's opener and closer, e.g. `{{#each}}` / `{{/each}}`. */
interface BlockSpelling { open(name: string): string; close(name: string): string }

/** Pairs block openers with closers (`read` names the block a tag opens or closes): unmatched closers and never-closed openers are errors. */
function checkNesting(tags: Tag[], read: (tag: Tag) => BlockTag | undefined, spelling: BlockSpelling, index: LineIndex, problems: ParseProblem[]): void {
  const report = new Reporter(index, problems);
  const stack: OpenBlock[] = [];
  // How many blocks of each name are open, so a mismatched closer checks "is it open at all?" in O(1).
  const openCount = new Map<string, number>();
  const push = (b: OpenBlock) => { stack.push(b); openCount.set(b.name, (openCount.get(b.name) ?? 0) + 1); };
  const pop = () => { const b = stack.pop()!; openCount.set(b.name, openCount.get(b.name)! - 1); return b; };
  let deep = false;
  for (const tag of tags) {
    const block = read(tag);
    if (!block) continue;
    const { name } = block;
    if (block.opens) {
      push({ name, tag });
      if (stack.length === MAX_BLOCK_DEPTH + 1 && !deep) {
        deep = true;
        report.add(`${TOO_DEEP} here, so it is not rendered (template engines slow down badly on such nesting); counts are of the template text.`, tag.start, tag.end);
      }
      continue;
    }
    const top = stack[stack.length - 1];
    if (!top) report.add(`'${spelling.close(name)}' closes a block that was never opened.`, tag.start, tag.end);
    else if (top.name !== name) {
      const line = index.position(top.tag.start).line + 1;
      report.add(`'${spelling.close(name)}' does not match '${spelling.open(top.name)}' opened on line ${line}.`, tag.start, tag.end);
      if ((openCount.get(name) ?? 0) > 0) while (stack.length && pop().name !== name) { /* unwind to the matching opener */ }
    } else pop();
  }
  for (const open of stack) report.add(`'${spelling.open(open.name)}' is never closed with '${spelling.close(open.name)}'.`, open.tag.start, open.tag.end);
  report.finish();
}

const MUSTACHE_SPELLING: BlockSpelling = { open: name => `{{#${name}}}`, close: name => `{{/${name}}}` };

function mustacheBlock(tag: Tag): BlockTag | undefined {
  if (tag.kind !== 'output') return undefined;
  const m = /^([#^/])\s*(?:[>*]\s*)?([^\s}()"']+)?/.exec(tag.inner);
  if (!m) return undefined;
  const name = m[2] ?? '';
  if (m[1] === '/') return { name, opens: false };
  return name ? { name, opens: true } : undefined;
}

/** Handlebars / Mustache `{{#x}}…{{/x}}` nesting: unmatched closers and never-closed openers are errors. */
export function checkMustacheBlocks(tags: Tag[], index: LineIndex, problems: ParseProblem[]): void {
  checkNesting(tags, mustacheBlock, MUSTACHE_SPELLING, index, problems);
}

const JINJA_BLOCKS = new Set(['for', 'if', 'macro', 'call', 'filter', 'block', 'with', 'autoescape', 'trans']);
const JINJA_SPELLING: BlockSpelling = { open: name => `{% ${name} %}`, close: name => `{% end${name} %}` };

function jinjaBlock(tag: Tag): BlockTag | undefined {
  if (tag.kind !== 'statement') return undefined;
  const word = /^([a-z_]+)/.exec(tag.inner)?.[1];
  if (!word) return undefined;
  if (JINJA_BLOCKS.has(word) || (word === 'set' && !tag.inner.includes('='))) return { name: word, opens: true };
  if (word.startsWith('end') && word !== 'endraw') return { name: word.slice(3), opens: false };
  return undefined;
}

/** Jinja2 `{% if %}…{% endif %}` style nesting; `{% set x %}` without `=` is a block too. */
export function checkJinjaBlocks(tags: Tag[], index: LineIndex, problems: ParseProblem[]): void {
  checkNesting(tags, jinjaBlock, JINJA_SPELLING, index, problems);
}
