/** Token usage in one shape for every provider: each field is a disjoint part of what was billed. */
export interface NormalizedUsage {
  /** Input tokens billed at the full input rate (no cache read, no cache write). */
  inputUncached: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  /** Output tokens, reasoning included. */
  output: number;
  /** The reasoning part of `output` (informational; already in `output`). */
  reasoning: number;
  /** Server-side web searches billed per request on top of tokens (Anthropic server_tool_use, OpenAI web_search_call). */
  webSearches?: number;
}

export const ZERO_USAGE: NormalizedUsage = Object.freeze({
  inputUncached: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0,
});

export function totalInput(u: NormalizedUsage): number {
  return u.inputUncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h;
}
