import { isCollection, isMap, isScalar, isSeq, parseDocument, stringify, visit } from 'yaml';
import type { PromptMessage } from '../../prompt/model';

/** One block of YAML structure in a message, ready for compaction. */
export interface YamlBlock {
  /** First character of the first line (its indentation stays) to the end of the last non-blank line. */
  start: number;
  end: number;
  /** One line of JSON, and one line of YAML flow style when it reads back as the same data. */
  json: string;
  flow?: string;
}

const MIN_LINES = 4;
const MAX_DATA = 64 * 1024;
// An indented comment: a line of YAML structure the rule will not compact; the lines after it belong to the same
// structure, so no block starts there.
const STRUCTURE = 'structure';

interface Line {
  start: number;
  /** Offset after the line's last non-space character. */
  end: number;
  indent: number;
  /** Column where the content after `- ` starts (indent for a line without a dash). */
  col: number;
  dash: boolean;
  /** `key:` (or a bare `-`) with nothing after it: the next line may be deeper. */
  opensKey: boolean;
  /** `key: value` with a scalar value. */
  pair: boolean;
  /** Offset of the value after `key: ` or of the item after `- `; -1 for none. */
  value: number;
  /** `- item` with a scalar item. */
  item: boolean;
}

/**
 * A scalar on a data line: short, no prose (a sentence or 6+ words), no Markdown, nothing YAML would lose or
 * read differently from its looks (comments, block scalars, anchors, aliases, tags).
 */
function plainScalar(v: string): boolean {
  // Words and a sentence end first: they reject most prose bullets without a regular expression.
  let words = 1;
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) === 32 && v.charCodeAt(i + 1) !== 32 && ++words >= 6) return false;
  if (words >= 3 && /[.!?:;]["']?$/.test(v)) return false;
  if (/^[|>&*!%@`{]/.test(v) || /(^|\s)#/.test(v)) return false;
  // A flow list only of simple words (`[en, fr]`); `{ name }` and `[Current focus]` are placeholders, not data.
  if (v.charCodeAt(0) === 91 && !/^\[[ ]*(?:[\w."'@/-]+(?:[ ]*,[ ]*[\w."'@/-]+)*[ ]*)?\]$/.test(v)) return false;
  return !/\*\*|__|\]\(|<\/?[A-Za-z]|\{\{|\{%|\$\{/.test(v);
}

function identStart(c: number): boolean { return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; }
function identPart(c: number): boolean { return identStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45; }

/**
 * A line that looks like YAML structure (`key: value`, `key:`, `- item`, `- key: value`); STRUCTURE for an indented
 * comment; undefined for prose. Char checks only: most lines are prose, and the values of a run are checked once it
 * is known to be long and nested enough.
 */
function classify(text: string, start: number, end: number): Line | typeof STRUCTURE | undefined {
  let e = end;
  while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 13)) e--;
  let i = start;
  while (i < e && text.charCodeAt(i) === 32) i++;
  if (i === e || text.charCodeAt(i) === 9) return undefined;
  const indent = i - start;
  if (text.charCodeAt(i) === 35) return indent > 0 ? STRUCTURE : undefined;
  let j = i;
  let dash = false;
  if (text.charCodeAt(j) === 45) {
    if (j + 1 === e) return { start, end: e, indent, col: indent + 1, dash: true, opensKey: true, pair: false, value: -1, item: false };
    if (text.charCodeAt(j + 1) !== 32) return undefined;
    dash = true;
    j++;
    while (j < e && text.charCodeAt(j) === 32) j++;
  }
  const line = { start, end: e, indent, col: indent + (j - i), dash, opensKey: false, pair: false, value: -1, item: false };
  let k = j;
  if (k < e && identStart(text.charCodeAt(k))) while (++k < e && identPart(text.charCodeAt(k)));
  if (k > j && text.charCodeAt(k) === 58) {
    if (k + 1 === e) return { ...line, opensKey: true };
    if (text.charCodeAt(k + 1) === 32) {
      while (text.charCodeAt(++k) === 32);
      return { ...line, pair: true, value: k };
    }
  }
  return dash ? { ...line, item: true, value: j } : undefined;
}

/** Every value and item of a run is a plain scalar; an item YAML would read as a mapping (`- Line height: 1.2`) is not. */
function plainValues(text: string, run: Line[]): boolean {
  return run.every((l) => {
    if (l.value < 0) return true;
    const v = text.slice(l.value, l.end);
    return plainScalar(v) && !(l.item && (/^[-?:,[\]{}]/.test(v) || /:( |$)/.test(v)));
  });
}

/** Every scalar reads back as written (no `1.10` -> 1.1, `0123` -> 123) and every key is a string. */
function faithful(doc: ReturnType<typeof parseDocument>, source: string): boolean {
  let ok = true;
  visit(doc, {
    Alias() { ok = false; return visit.BREAK; },
    Pair(_k, pair) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string') { ok = false; return visit.BREAK; }
    },
    Scalar(_k, node) {
      if ((typeof node.value === 'number' || typeof node.value === 'bigint') && node.range && String(node.value) !== source.slice(node.range[0], node.range[1])) {
        ok = false;
        return visit.BREAK;
      }
    },
  });
  return ok;
}

/** A Markdown list of `- Label: text` items (some with sub-bullets), maybe under one `Heading:`: prose formatting, not data. */
function labelledList(value: unknown): boolean {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1) value = Object.values(value)[0];
  return Array.isArray(value) && value.every((x) => x === null || typeof x !== 'object' || (!Array.isArray(x) && Object.keys(x).length === 1));
}

function nested(value: unknown): boolean {
  const items = Array.isArray(value) ? value : Object.values(value as object);
  return items.some((x) => x !== null && typeof x === 'object');
}

/** The run's lines (blank lines inside allowed) parsed as YAML data, or undefined when it is not compactable data. */
function toBlock(text: string, run: Line[], skip: (start: number, end: number) => boolean): YamlBlock | undefined {
  if (run.length < MIN_LINES || !run.some((l) => l.pair) || !run.some((l) => l.indent > run[0].indent)) return undefined;
  const base = run[0].indent;
  const first = run[0].start + base;
  const end = run[run.length - 1].end;
  if (end - first > MAX_DATA || !plainValues(text, run) || skip(first, end)) return undefined;
  // Dedent by the block's own indentation so the data starts at column 0.
  const source = text.slice(run[0].start, end).split('\n').map((l) => l.slice(Math.min(base, l.length - l.trimStart().length))).join('\n');
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length || doc.warnings.length || !isCollection(doc.contents) || !(isMap(doc.contents) || isSeq(doc.contents))) return undefined;
  if (!faithful(doc, source)) return undefined;
  const value = doc.toJS();
  if (!nested(value) || labelledList(value)) return undefined;
  const json = JSON.stringify(value);
  const back = (s: string) => { try { return JSON.stringify(parseDocument(s).toJS()); } catch { return undefined; } };
  let flow: string | undefined = stringify(value, { collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: false }).trim();
  if (flow.includes('\n') || back(flow) !== json) flow = undefined;
  return { start: first, end, json, ...(flow ? { flow } : {}) };
}

/**
 * Blocks of block-style YAML data in a message: at least 4 consecutive lines that each look like YAML structure
 * with consistent indentation, parse as a mapping or sequence holding a nested collection and have a `key: value`.
 */
export function yamlBlocks(text: string, m: PromptMessage, skip: (start: number, end: number) => boolean = () => false): YamlBlock[] {
  const out: YamlBlock[] = [];
  let run: Line[] = [];
  let levels: number[] = [];
  // A run starts at the message start, after a blank line or after prose; not after a line that broke a run or
  // an indented comment. A run whose values are not all plain scalars is rejected whole.
  let canStart = true;
  let afterBlank = true;
  for (let lineStart = m.start; lineStart <= m.end;) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > m.end) lineEnd = m.end;
    let first = lineStart;
    while (first < lineEnd && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9 || text.charCodeAt(first) === 13)) first++;
    const blank = first === lineEnd;
    if (blank) {
      if (!run.length) canStart = true;
    } else {
      const c = classify(text, lineStart, lineEnd);
      const line = c === STRUCTURE ? undefined : c;
      if (run.length && line && joins(run[run.length - 1], line, levels)) run.push(line);
      else {
        const indent = first - lineStart;
        const broke = run.length > 0;
        // A deeper line right after the run continues it (a block scalar, a wrapped value): not data we understand.
        if (broke && indent <= run[0].indent) {
          const block = toBlock(text, run, skip);
          if (block) out.push(block);
        }
        run = [];
        levels = [];
        // Four spaces after a blank line is a Markdown code block; `---` on the first line opens frontmatter.
        const codeBlock = indent >= 4 && afterBlank;
        if (line && canStart && !broke && !codeBlock) {
          run = [line];
          levels = line.dash ? [line.indent, line.col] : [line.indent];
        } else canStart = !c && !broke && !(lineStart === 0 && /^-{3,}\s*$/.test(text.slice(0, lineEnd)));
      }
    }
    afterBlank = blank;
    if (lineEnd >= m.end) break;
    lineStart = lineEnd + 1;
  }
  if (run.length) {
    const block = toBlock(text, run, skip);
    if (block) out.push(block);
  }
  return out;
}

/** Whether `line` continues the structure after `prev`: deeper only under `key:`, shallower back to an open level. */
function joins(prev: Line, line: Line, levels: number[]): boolean {
  if (line.indent > levels[levels.length - 1]) {
    if (!prev.opensKey) return false;
    levels.push(line.indent);
  } else {
    while (levels.length && levels[levels.length - 1] > line.indent) levels.pop();
    if (!levels.length || levels[levels.length - 1] !== line.indent) return false;
  }
  if (line.dash) levels.push(line.col);
  return true;
}
