import type { LintContext } from './context';
import { templateTagSpans } from './protectedSpans';
import type { TextEdit } from './types';

export type DynamicKind = 'variable' | 'date' | 'id';

/** One or more adjacent lines whose text changes per call. */
export interface DynamicBlock {
  start: number;
  end: number;
  message: number;
  kinds: Set<DynamicKind>;
  /** First dynamic thing in the block, for messages: `{{customer_name}}`, `Today is …`. */
  label: string;
  /** The first date or time text in the block (`Today is Monday, 3 March 2025`, `{{now}}`), when it has one. */
  dateLabel?: string;
  /** Control-flow tags, code fences or open blocks make moving the text unsafe. */
  movable: boolean;
}

const DATE_PHRASE = /\b(?:today is|today's date is|the (?:current )?(?:date|time) is|it is now)\b|\bcurrent (?:date|time|datetime|timestamp)(?: and time)?(?:\*\*)?\s*(?:is\b|[:=])/i;
const DATE_VALUE = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|utc)?\b/i;
const DATE_LABEL = /^[\s>*_-]*[\w ]{0,30}\b(?:current|today|now|timestamp)\b[\w ]{0,20}\**\s*[:=]/i;
const DATE_NAME = /date|time|today|now|timestamp/i;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const HEX_OR_TICKET = /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{16,}\b|\b[A-Z][A-Z0-9]{1,9}-\d{2,}\b|\b\d{6,}\b/;
const ID_LABEL = /^[\s>*_-]*(?:\*\*)?[\w ]{0,20}\b(?:id|session|request|ticket|trace|order|conversation|case|account)\b[\w ]{0,10}(?:\*\*)?\s*[:=#]/i;
// Template syntax that shapes the text rather than filling it: moving such a line breaks the template.
const STRUCTURAL = /\{%|\{\{\s*[#/^>]|\{\{~?\s*(?:else|role|history|media|section)\b/;
const BLOCK_OPEN = /\{%-?\s*(?:for|if|macro|call|filter|block|with|raw)\b|\{\{~?#/g;
const BLOCK_CLOSE = /\{%-?\s*end\w+|\{\{~?\//g;

function count(re: RegExp, s: string): number { re.lastIndex = 0; return (s.match(re) ?? []).length; }

// Cheap pre-check: a line without any of these cannot hold a literal date, time or id.
const MAYBE_LITERAL = /\d|today|current|\bnow\b|date is|time is/i;

function shorten(raw: string): string {
  const label = raw.replace(/\s+/g, ' ');
  return label.length > 40 ? `${label.slice(0, 37)}…` : label;
}

/** The sentence that starts at `from` in the line, without its closing punctuation. */
function sentenceFrom(line: string, from: number): string {
  const rest = line.slice(from);
  const end = /[.!?](?=\s|$)/.exec(rest);
  return (end ? rest.slice(0, end.index) : rest).trim();
}

/** What makes one line per-call, a short label for it, and the date or time text it holds. */
function lineKinds(ctx: LintContext, lineStart: number, lineEnd: number, messageIndex: number): { kinds: Set<DynamicKind>; label: string; dateLabel?: string } {
  const kinds = new Set<DynamicKind>();
  const line = ctx.text.slice(lineStart, lineEnd);
  let label = '';
  // Where in the line the first date text starts, and the text to quote.
  let date: { at: number; text: string } | undefined;
  const dateAt = (at: number, text: string) => { if (!date || at < date.at) date = { at, text }; };
  const all = ctx.doc.messages[messageIndex].variables;
  const vars = all.length ? all.filter((v) => v.start >= lineStart && v.start < lineEnd) : all;
  if (!vars.length && !MAYBE_LITERAL.test(line)) return { kinds, label };
  for (const v of vars) {
    const isDate = DATE_NAME.test(v.name);
    kinds.add(isDate ? 'date' : 'variable');
    label ||= ctx.text.slice(v.start, v.end);
    if (isDate) dateAt(v.start - lineStart, ctx.text.slice(v.start, v.end));
  }
  // Literal values count only outside code and quoted examples, which show formats rather than per-call data.
  const open = (re: RegExp) => {
    const m = re.exec(line);
    return m && !ctx.isProtected(lineStart + m.index, lineStart + m.index + m[0].length) ? m : undefined;
  };
  const rendered = ctx.doc.format === 'chat-json';
  const phrase = open(DATE_PHRASE);
  const value = phrase ? undefined : open(DATE_VALUE);
  if (phrase) dateAt(phrase.index, sentenceFrom(line, phrase.index));
  else if (value && (rendered || DATE_LABEL.test(line))) {
    const lead = rendered ? value.index : line.length - line.trimStart().length;
    dateAt(lead, rendered ? value[0] : sentenceFrom(line, lead));
  }
  if (date) {
    kinds.add('date');
    label ||= line.trim();
  }
  if (open(UUID) || ((rendered || ID_LABEL.test(line)) && open(HEX_OR_TICKET))) {
    kinds.add('id');
    label ||= line.trim();
  }
  return { kinds, label: shorten(label), ...(date ? { dateLabel: shorten((date as { text: string }).text) } : {}) };
}

function lineEndAt(text: string, from: number, limit: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 || nl > limit ? limit : nl;
}

const memo = new WeakMap<LintContext, DynamicBlock[]>();

/** Per-call lines in prompt order, adjacent ones grouped; a line inside a template block is never movable. */
export function dynamicBlocks(ctx: LintContext): DynamicBlock[] {
  const hit = memo.get(ctx);
  if (hit) return hit;
  const blocks: DynamicBlock[] = [];
  const { text } = ctx;
  const tags = templateTagSpans(ctx.doc);
  let t = 0;
  ctx.doc.messages.forEach((m, mi) => {
    let depth = 0;
    let current: DynamicBlock | undefined;
    for (let lineStart = m.start; lineStart < m.end;) {
      let lineEnd = lineEndAt(text, lineStart, m.end);
      // A tag that spans lines makes those lines one: a block (and a move) always holds its tags whole.
      for (; t < tags.length && tags[t][0] < lineEnd; t++) {
        if (tags[t][1] > lineEnd) lineEnd = lineEndAt(text, tags[t][1], m.end);
      }
      const line = text.slice(lineStart, lineEnd);
      const { kinds, label, dateLabel } = lineKinds(ctx, lineStart, lineEnd, mi);
      if (kinds.size) {
        const movable = depth === 0 && !STRUCTURAL.test(line) && !ctx.inCodeFence(lineStart, lineEnd) && ctx.doc.format !== 'chat-json';
        if (current) {
          current.end = lineEnd;
          kinds.forEach((k) => current!.kinds.add(k));
          current.dateLabel ??= dateLabel;
          current.movable &&= movable;
        } else {
          current = { start: lineStart, end: lineEnd, message: mi, kinds, label, ...(dateLabel ? { dateLabel } : {}), movable };
          blocks.push(current);
        }
      } else current = undefined;
      if (line.includes('{')) depth = Math.max(0, depth + count(BLOCK_OPEN, line) - count(BLOCK_CLOSE, line));
      lineStart = lineEnd + 1;
    }
  });
  memo.set(ctx, blocks);
  return blocks;
}

/** PM204 owns dates in the system prompt, so PM201 never reports the same span. */
export function isSystemDate(ctx: LintContext, b: DynamicBlock): boolean {
  return b.kinds.has('date') && ['system', 'developer'].includes(ctx.doc.messages[b.message].role);
}

/** Where moved text goes: the end of the last user message at or after the block, else the block's own message. */
export function moveTarget(ctx: LintContext, b: DynamicBlock): number {
  const msgs = ctx.doc.messages;
  for (let i = msgs.length - 1; i >= b.message; i--) if (msgs[i].role === 'user') return i;
  return b.message;
}

/** Removes each block with the line break that held it, and appends them (in order) to the target message. */
export function moveEdits(ctx: LintContext, blocks: DynamicBlock[], target: number): TextEdit[] | undefined {
  const { text } = ctx;
  const t = ctx.doc.messages[target];
  const edits: TextEdit[] = [];
  for (const b of blocks) {
    const m = ctx.doc.messages[b.message];
    let start = b.start;
    let end = b.end;
    if (end < m.end) {
      end++; // the newline after the block
      // A block that stands as its own paragraph takes the blank lines after it along.
      const alone = start === m.start || /\n[ \t]*\n$/.test(text.slice(Math.max(m.start, start - 3), start)) || text[start - 1] === undefined;
      if (alone) while (end < m.end && /^[ \t]*\n/.test(text.slice(end, end + 200))) end = text.indexOf('\n', end) + 1;
    } else {
      while (start > m.start && /\s/.test(text[start - 1])) start--;
    }
    if (b.message === target && end >= t.end) return undefined; // already at the end
    // A message that held nothing else would vanish (a preamble before the first role marker): leave it.
    if (text.slice(m.start, start).trim() === '' && text.slice(end, m.end).trim() === '') return undefined;
    edits.push({ start, end, newText: '' });
  }
  const moved = blocks.map((b) => text.slice(b.start, b.end).trim()).join('\n');
  edits.push({ start: t.end, end: t.end, newText: `\n\n${moved}` });
  return edits;
}
