// Provider usage objects -> NormalizedUsage. OpenAI totals INCLUDE cached tokens; Anthropic input EXCLUDES them.
import { type NormalizedUsage, ZERO_USAGE } from './usage';

/** A normalised usage plus whether the provider sent none (then usage is zeros and the caller should log it). */
export interface UsageReading {
  usage: NormalizedUsage;
  missing: boolean;
  /** Fields that were present but not usable numbers (negative, NaN, wrong type). */
  problems: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a token count; absent/null is undefined, anything else that is not a whole non-negative number is a problem. */
function count(o: Obj | undefined, key: string, problems: string[], path = key): number | undefined {
  const v = o?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.round(v);
  problems.push(path);
  return undefined;
}

const missingReading = (problems: string[] = []): UsageReading => ({ usage: { ...ZERO_USAGE }, missing: true, problems });

/** Chat Completions (`prompt_tokens`...) and Responses (`input_tokens`...) usage. */
export function readOpenAIUsage(raw: unknown): UsageReading {
  if (!isObj(raw)) return missingReading();
  const p: string[] = [];
  const chat = raw.prompt_tokens !== undefined || raw.completion_tokens !== undefined;
  const total = chat ? count(raw, 'prompt_tokens', p) : count(raw, 'input_tokens', p);
  const out = chat ? count(raw, 'completion_tokens', p) : count(raw, 'output_tokens', p);
  if (total === undefined && out === undefined) return missingReading(p);
  const inKey = chat ? 'prompt_tokens_details' : 'input_tokens_details';
  const outKey = chat ? 'completion_tokens_details' : 'output_tokens_details';
  const inD = isObj(raw[inKey]) ? raw[inKey] as Obj : undefined;
  const outD = isObj(raw[outKey]) ? raw[outKey] as Obj : undefined;
  const cached = count(inD, 'cached_tokens', p, `${inKey}.cached_tokens`) ?? 0;
  // Newer models report cache writes; seen both at top level and under the input details.
  const write = count(raw, 'cache_write_tokens', p) ?? count(inD, 'cache_write_tokens', p, `${inKey}.cache_write_tokens`) ?? 0;
  const output = out ?? 0;
  const reasoning = Math.min(count(outD, 'reasoning_tokens', p, `${outKey}.reasoning_tokens`) ?? 0, output);
  return {
    usage: {
      inputUncached: Math.max(0, (total ?? 0) - cached - write),
      cacheRead: cached, cacheWrite5m: write, cacheWrite1h: 0, output, reasoning,
    },
    missing: false,
    problems: p,
  };
}

/** Anthropic Messages usage (non-streamed, or streamed after `mergeAnthropicUsage`). */
export function readAnthropicUsage(raw: unknown): UsageReading {
  if (!isObj(raw)) return missingReading();
  const p: string[] = [];
  const input = count(raw, 'input_tokens', p);
  const output = count(raw, 'output_tokens', p);
  if (input === undefined && output === undefined) return missingReading(p);
  const read = count(raw, 'cache_read_input_tokens', p) ?? 0;
  const writeTotal = count(raw, 'cache_creation_input_tokens', p) ?? 0;
  const split = isObj(raw.cache_creation) ? raw.cache_creation : undefined;
  const w1h = count(split, 'ephemeral_1h_input_tokens', p, 'cache_creation.ephemeral_1h_input_tokens') ?? 0;
  const w5mSplit = count(split, 'ephemeral_5m_input_tokens', p, 'cache_creation.ephemeral_5m_input_tokens') ?? 0;
  // The split breaks down the total, it does not add to it: never count a write twice; unsplit writes are 5m.
  const w5m = Math.max(w5mSplit, writeTotal - w1h, 0);
  // Billed per search on top of tokens (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool).
  const tools = isObj(raw.server_tool_use) ? raw.server_tool_use : undefined;
  const searches = count(tools, 'web_search_requests', p, 'server_tool_use.web_search_requests') ?? 0;
  return {
    usage: {
      inputUncached: input ?? 0, cacheRead: read, cacheWrite5m: w5m, cacheWrite1h: w1h, output: output ?? 0, reasoning: 0,
      ...(searches > 0 ? { webSearches: searches } : {}),
    },
    missing: false,
    problems: p,
  };
}

/**
 * OpenAI reports web searches as output items, not in usage: a Responses API `output` array holds one
 * `web_search_call` item per search (Chat Completions reports none). Adds them to a reading.
 */
export function withOpenAIWebSearches(reading: UsageReading, output: unknown): UsageReading {
  const calls = Array.isArray(output) ? output.filter((o) => isObj(o) && o.type === 'web_search_call').length : 0;
  return calls > 0 ? { ...reading, usage: { ...reading.usage, webSearches: calls } } : reading;
}

export function normalizeOpenAIUsage(raw: unknown): NormalizedUsage {
  return readOpenAIUsage(raw).usage;
}

export function normalizeAnthropicUsage(raw: unknown): NormalizedUsage {
  return readAnthropicUsage(raw).usage;
}

/**
 * Merges streamed Anthropic usage: `message_start` carries input and cache fields, `message_delta` carries the
 * cumulative output and sometimes updated input/cache fields. Later non-null values win; nothing is summed.
 */
export function mergeAnthropicUsage(start: unknown, delta: unknown): unknown {
  if (!isObj(delta)) return start;
  if (!isObj(start)) return delta;
  const merged: Obj = { ...start };
  for (const [k, v] of Object.entries(delta)) {
    if (v === null || v === undefined) continue;
    merged[k] = k === 'cache_creation' && isObj(v) && isObj(start[k]) ? mergeAnthropicUsage(start[k], v) : v;
  }
  return merged;
}
