import type { ChatRequest, ChatResponse } from '../types';

export type Validation = { ok: true } | { ok: false; reason: string };

/** Openings that mean the model declined; checked on the first sentence only, so quoting them later is fine. */
export const REFUSAL_PATTERNS: readonly RegExp[] = [
  /\bI can(?:'|’)?t (?:help|assist|do that|comply|provide)/i,
  /\bI cannot\b/i,
  /\bI(?: am|'m|’m) (?:unable|not able) to\b/i,
  /\bAs an AI\b/i,
];

function firstSentence(text: string): string {
  const m = /^[\s\S]*?(?:[.!?](?:\s|$)|\n|$)/.exec(text.trim());
  return (m?.[0] ?? text).slice(0, 300);
}

/** Is a cheap model's answer good enough to keep, or should the cascade ask the strong model? */
export function validateAnswer(resp: ChatResponse, req: ChatRequest): Validation {
  if (resp.finishReason === 'length') return { ok: false, reason: 'cut off at the token limit' };
  if (resp.finishReason === 'content_filter') return { ok: false, reason: 'stopped by the content filter' };
  if (resp.finishReason === 'tool_calls') return { ok: true };
  const text = resp.text.trim();
  if (!text) return { ok: false, reason: 'empty answer' };
  const opening = firstSentence(text);
  if (REFUSAL_PATTERNS.some((re) => re.test(opening))) return { ok: false, reason: 'refusal' };
  if (req.responseFormat === 'json') {
    try { JSON.parse(text); } catch { return { ok: false, reason: 'not valid JSON' }; }
  }
  return { ok: true };
}
