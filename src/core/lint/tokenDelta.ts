import { parsePrompt } from '../prompt';
import type { PromptDocument, PromptMessage } from '../prompt/model';
import { countTokens, type EncodingName } from '../tokens';
import { applyEdits } from './edits';
import type { TextEdit } from './types';

const SEARCH = 400;

function isLower(c: string | undefined): boolean { return c !== undefined && c >= 'a' && c <= 'z'; }

/**
 * Offsets where tiktoken's pre-tokeniser always splits and the split survives an edit elsewhere: a line start
 * that chunks.ts uses, or `x| y` between a lower-case word and a space-led lower-case word.
 */
function isSafeBoundary(text: string, p: number): boolean {
  const prev = text[p - 1];
  const here = text[p];
  if (prev === '\n' && here !== undefined && !/[\s/]/.test(here)) return true;
  return here === ' ' && isLower(prev) && isLower(text[p + 1]);
}

function windowStart(text: string, m: PromptMessage, at: number): number {
  for (let p = at - 2; p > m.start && p >= at - SEARCH; p--) if (isSafeBoundary(text, p)) return p;
  return m.start;
}

function windowEnd(text: string, m: PromptMessage, at: number): number {
  for (let p = at + 1; p < m.end && p <= at + SEARCH; p++) if (isSafeBoundary(text, p)) return p;
  return m.end;
}

/** Exact change in one message's tokens, encoding only a window around the edits (the rest is identical). */
function messageDelta(text: string, m: PromptMessage, edits: TextEdit[], encoding: EncodingName): number {
  const lo = Math.min(...edits.map((e) => e.start));
  const hi = Math.max(...edits.map((e) => e.end));
  const a = windowStart(text, m, lo);
  const b = windowEnd(text, m, hi);
  const before = text.slice(a, b);
  let after = applyEdits(before, edits.map((e) => ({ start: e.start - a, end: e.end - a, newText: e.newText })));
  // The parser trims message content, so an edit at either edge is counted trimmed too.
  if (a === m.start) after = after.trimStart();
  if (b === m.end) after = after.trimEnd();
  return countTokens(encoding, before) - countTokens(encoding, after);
}

/** Tokens of the file's messages before minus after applying `edits` (exact, with the file's encoder). */
export function tokensSavedBy(doc: PromptDocument, edits: readonly TextEdit[], encoding: EncodingName): number {
  if (edits.length === 0) return 0;
  if (doc.format === 'chat-json') {
    const after = parsePrompt(applyEdits(doc.text, edits), 'prompt.json', 'chat-json');
    const sum = (d: PromptDocument) => d.messages.reduce((n, m) => n + countTokens(encoding, m.content), 0);
    return sum(doc) - sum(after);
  }
  let saved = 0;
  for (const m of doc.messages) {
    const mine = edits.filter((e) => e.start >= m.start && e.end <= m.end);
    if (mine.length) saved += messageDelta(doc.text, m, mine, encoding);
  }
  return saved;
}
