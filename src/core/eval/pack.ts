import type { ChatMessage, ChatRequest } from '../client/types';

/**
 * Several rows in one request: the rendered requests must differ only in their last user message (the item);
 * that message becomes a numbered list, and the model answers each item under its number.
 */
export function packRequests(reqs: readonly ChatRequest[]): ChatRequest | undefined {
  if (reqs.length < 2) return undefined;
  const first = reqs[0];
  const lead = first.messages.slice(0, -1);
  const sameLead = (r: ChatRequest) => r.messages.length === first.messages.length
    && r.messages.slice(0, -1).every((m, i) => m.role === lead[i].role && m.content === lead[i].content && m.name === lead[i].name)
    && r.messages[r.messages.length - 1].role === 'user';
  if (first.messages.length === 0 || !reqs.every(sameLead)) return undefined;
  const items = reqs.map((r, i) => `[${i + 1}] ${r.messages[r.messages.length - 1].content}`).join('\n\n');
  const instruction = `Answer each of the ${reqs.length} numbered items below on its own, as you would answer it alone. `
    + `Start each answer on a new line with the item's number in square brackets, like [1], and write nothing else before or between the answers.`;
  const packed: ChatMessage = { role: 'user', content: `${instruction}\n\n${items}` };
  return { ...first, messages: [...lead, packed], maxTokens: first.maxTokens * reqs.length, stream: false, meta: { ...first.meta } };
}

/**
 * Splits a packed answer back into `n` answers by their `[k]` markers. An item whose marker is missing,
 * repeated or empty is undefined: that row must be re-run alone, never given a neighbour's answer.
 */
export function unpackAnswer(text: string, n: number): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(n).fill(undefined);
  const seen = new Map<number, number>();
  const marker = /^[ \t]*\[(\d{1,4})\][ \t]*/gm;
  const hits: { k: number; start: number; end: number }[] = [];
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    hits.push({ k: Number(m[1]), start: m.index, end: m.index + m[0].length });
  }
  hits.forEach((h, i) => {
    seen.set(h.k, (seen.get(h.k) ?? 0) + 1);
    const body = text.slice(h.end, i + 1 < hits.length ? hits[i + 1].start : text.length).trim();
    if (h.k >= 1 && h.k <= n) out[h.k - 1] = body || undefined;
  });
  for (const [k, count] of seen) if (count > 1 && k >= 1 && k <= n) out[k - 1] = undefined;
  // Markers out of order mean the model renumbered: trust none of them.
  const inOrder = hits.filter((h) => h.k >= 1 && h.k <= n).every((h, i, a) => i === 0 || a[i - 1].k <= h.k);
  return inOrder ? out : new Array(n).fill(undefined);
}

/** Splits integer micro-dollars over `n` rows in proportion to `weights`, so the parts add up exactly. */
export function splitMicros(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => Math.floor(total / weights.length) + (i < total % weights.length ? 1 : 0));
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % parts.length, rest--) parts[i] += 1;
  return parts;
}
