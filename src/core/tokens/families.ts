/** How each model family is counted: kept as data so a new family is a row, not code. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

export interface CountingRule {
  /** Model ids starting with any of these (lower case, provider prefix removed). */
  prefixes: string[];
  encoding: EncodingName;
  /** False only where the encoding is the model's own tokenizer. */
  exact: boolean;
  /** Multiplier for an estimate (e.g. newer Claude tokenizers yield ~1.35x). */
  factor: number;
  provider: 'openai' | 'anthropic' | 'google' | 'other';
  /**
   * For an exact rule: what may follow a prefix in a known model id. An id that only shares the prefix
   * (`gpt-4o-ultra`) gets the family's encoding but is counted as an estimate.
   */
  knownSuffix?: RegExp;
  /** Chat overhead where it differs from gpt-4o's (3 to prime the reply, nothing extra per assistant turn). */
  chat?: { replyPriming: number; perAssistantTurn: number };
  /** Function tools: tokens beyond gpt-4o's functions block (more beside a system message), as an estimate. */
  tools?: { extra: number; withSystem: number };
  /** A json_schema response format without tools: tokens beyond its section where they differ from gpt-4o's 4. */
  schemaWithoutTools?: number;
}

/** OpenAI's published variant and snapshot suffixes: `-mini`, `-2024-08-06`, `-0613`, `-audio-preview`, `-20b`… */
const OPENAI_SUFFIX = /^(-(mini|nano|pro|turbo|preview|latest|chat|audio|search|realtime|vision|instruct|codex|16k|32k|large|small|ada|\d+b|\d{3}|\d{4}|\d{4}-\d{2}-\d{2}))*$/;

export const COUNTING_RULES: CountingRule[] = [
  { prefixes: ['gpt-4o', 'gpt-4.1', 'gpt-4.5', 'chatgpt-4o', 'gpt-oss', 'o1-mini', 'o1-preview'], encoding: 'o200k_base', exact: true, factor: 1, provider: 'openai', knownSuffix: OPENAI_SUFFIX },
  // Reasoning models, from recorded billing (test/fixtures/tokens/README.md): the reply is primed with 2 tokens, not 3,
  // and on gpt-5 each assistant turn costs 2 more (harmony's `<|channel|>final`). Their tools cost more than gpt-4o's
  // rendering by a preamble fitted on those recordings (gpt-5: 82, 85 beside a system message), so stay estimates.
  { prefixes: ['gpt-5.1', 'gpt-5.2', 'gpt-5.4', 'gpt-5'], encoding: 'o200k_base', exact: true, factor: 1, provider: 'openai', knownSuffix: OPENAI_SUFFIX, chat: { replyPriming: 2, perAssistantTurn: 2 }, tools: { extra: 82, withSystem: 3 }, schemaWithoutTools: 0 },
  { prefixes: ['o1', 'o3', 'o4'], encoding: 'o200k_base', exact: true, factor: 1, provider: 'openai', knownSuffix: OPENAI_SUFFIX, chat: { replyPriming: 2, perAssistantTurn: 0 }, tools: { extra: 1, withSystem: 0 } },
  { prefixes: ['gpt-4', 'gpt-3.5', 'gpt-35', 'text-embedding-3', 'text-embedding'], encoding: 'cl100k_base', exact: true, factor: 1, provider: 'openai', knownSuffix: OPENAI_SUFFIX },
  // Third-party measurement: Opus 4.7 onward tokenises ~1.35x more than earlier Claude models.
  { prefixes: ['claude-opus-4-7', 'claude-opus-4.7', 'claude-opus-4-8', 'claude-opus-5', 'claude-sonnet-5', 'claude-fable'], encoding: 'cl100k_base', exact: false, factor: 1.35, provider: 'anthropic' },
  { prefixes: ['claude'], encoding: 'cl100k_base', exact: false, factor: 1, provider: 'anthropic' },
  { prefixes: ['gemini', 'gemma'], encoding: 'o200k_base', exact: false, factor: 1, provider: 'google' },
];

const FALLBACK: CountingRule = { prefixes: [], encoding: 'o200k_base', exact: false, factor: 1, provider: 'other' };

/** `googleai/gemini-2.5-pro` -> `gemini-2.5-pro`; `openai:gpt-4o` -> `gpt-4o`. */
export function bareModelId(model: string): string {
  const m = model.trim().toLowerCase();
  const cut = Math.max(m.lastIndexOf('/'), m.indexOf(':'));
  return cut >= 0 ? m.slice(cut + 1) : m;
}

export function countingRuleFor(model: string): CountingRule {
  const id = bareModelId(model);
  const rule = COUNTING_RULES.find((r) => r.prefixes.some((p) => id.startsWith(p)));
  if (!rule) return FALLBACK;
  if (!rule.exact || !rule.knownSuffix) return rule;
  const known = rule.prefixes.some((p) => id.startsWith(p) && rule.knownSuffix!.test(id.slice(p.length)));
  return known ? rule : { ...rule, exact: false };
}
