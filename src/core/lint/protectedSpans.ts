import type { PromptDocument } from '../prompt/model';
import { mergeSpans, type Span } from './spans';

// Fenced code: an opening ``` or ~~~ line up to its closing fence (or the end of the text).
const FENCE_OPEN = /^[ \t]{0,3}(`{3,}|~{3,})[^\n]*$/gm;
const INLINE_CODE = /(`+)(?!`)[^\n]*?[^`]\1(?!`)|``/g;
const TEMPLATE_TAGS = /\{\{!--[\s\S]*?--\}\}|\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}|\$\{[^}\n]*\}/g;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
// Quoted examples on one line: curly quotes always, straight quotes when they hold at least two words or a sentence.
const CURLY_QUOTES = /“[^”\n]*”|‘[^’\n]*’/g;
const STRAIGHT_QUOTES = /"[^"\n]*"/g;
const BLOCKQUOTE = /^[ \t]*>[^\n]*$/gm;
const EXAMPLE_TAGS = /<(example|examples|sample|output_example|input_example)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const JSON_QUOTES_AND_FENCES = /\\"(?:[^"\n\\]|\\[^"])*\\"|```[\s\S]*?```/g;
const URLS = /\bhttps?:\/\/[^\s)>\]]+/g;

const memo = new WeakMap<PromptDocument, Span[]>();
const hardMemo = new WeakMap<PromptDocument, Span[]>();

/** Text no rule may edit: code, quoted examples, blockquotes, template tags, comments, URLs; JSON syntax in chat JSON. */
export function protectedSpans(doc: PromptDocument): Span[] {
  let spans = memo.get(doc);
  if (!spans) {
    spans = mergeSpans(doc.format === 'chat-json' ? jsonSpans(doc) : textSpans(doc.text));
    memo.set(doc, spans);
  }
  return spans;
}

/** Code, tags, comments, blockquotes and example blocks only: for rules whose edit keeps quoted strings intact. */
export function hardProtectedSpans(doc: PromptDocument): Span[] {
  let spans = hardMemo.get(doc);
  if (!spans) {
    spans = mergeSpans(doc.format === 'chat-json' ? protectedSpans(doc) : textSpans(doc.text, false, true));
    hardMemo.set(doc, spans);
  }
  return spans;
}

export { fenceSpans };

const tagMemo = new WeakMap<PromptDocument, Span[]>();

/** Template tags and template comments, each whole (a tag may span lines). */
export function templateTagSpans(doc: PromptDocument): Span[] {
  let spans = tagMemo.get(doc);
  if (!spans) {
    spans = [];
    TEMPLATE_TAGS.lastIndex = 0;
    for (let m = TEMPLATE_TAGS.exec(doc.text); m; m = TEMPLATE_TAGS.exec(doc.text)) spans.push([m.index, m.index + m[0].length]);
    tagMemo.set(doc, spans);
  }
  return spans;
}

function textSpans(text: string, json = false, hardOnly = false): Span[] {
  const spans = json ? [] : fenceSpans(text);
  const add = (re: RegExp, keep: (m: string) => boolean = () => true) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) { re.lastIndex++; continue; }
      if (keep(m[0])) spans.push([m.index, m.index + m[0].length]);
    }
  };
  add(TEMPLATE_TAGS);
  add(HTML_COMMENT);
  add(INLINE_CODE);
  add(BLOCKQUOTE);
  add(EXAMPLE_TAGS);
  if (hardOnly) return spans;
  add(CURLY_QUOTES);
  add(URLS);
  if (json) add(JSON_QUOTES_AND_FENCES);
  else {
    add(STRAIGHT_QUOTES, (q) => /\s/.test(q.trim()) || /[.!?]"$/.test(q));
  }
  return spans;
}

function fenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  FENCE_OPEN.lastIndex = 0;
  for (let m = FENCE_OPEN.exec(text); m; m = FENCE_OPEN.exec(text)) {
    const marker = m[1];
    const close = new RegExp(`^[ \\t]{0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`, 'gm');
    close.lastIndex = m.index + m[0].length;
    const c = close.exec(text);
    const end = c ? c.index + c[0].length : text.length;
    spans.push([m.index, end]);
    FENCE_OPEN.lastIndex = end;
  }
  return spans;
}

/** In chat JSON only the inside of string literals is prose; escapes stay untouched. */
function jsonSpans(doc: PromptDocument): Span[] {
  const { text } = doc;
  const spans: Span[] = [];
  for (const m of doc.messages) {
    let inString = false;
    let from = m.start;
    for (let i = m.start; i < m.end; i++) {
      const c = text[i];
      if (inString && c === '\\') {
        spans.push([i, i + (text[i + 1] === 'u' ? 6 : 2)]);
        i += text[i + 1] === 'u' ? 5 : 1;
        continue;
      }
      if (c === '"') {
        if (!inString) spans.push([from, i + 1]);
        else from = i;
        inString = !inString;
      }
    }
    spans.push([from, m.end]);
  }
  // Inside the decoded text the usual examples and tags stay protected too.
  spans.push(...textSpans(text, true));
  return spans;
}
