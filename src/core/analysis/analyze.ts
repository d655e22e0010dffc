import type { PromptDocument, PromptMessage, Range } from '../prompt/model';
import { cacheableTokens } from '../pricing/caching';
import { type Cost, type PriceBook, UNPRICED, costWith } from '../pricing/prices';
import { ZERO_USAGE } from '../pricing/usage';
import type { FirstRow } from '../dataset/firstRow';
import type { RenderOptions, TemplateVars } from '../render';
import { analyzeRendered, type RenderedAnalysis } from '../render/renderedCount';
import { countRequestExtras, type ToolCount } from '../tokens/tools';
import { mediaTokens } from '../tokens/images';
import { declaredExtras, type DeclaredExtras } from '../prompt/tools';
import { countChat, countingRuleFor, messageOverheadTokens, type ContentCounter, type EncodingName } from '../tokens';

export interface MessageCount {
  role: string;
  name?: string;
  tokens: number;
  /** The message's own count is an estimate (the model's tokenizer is not public); tools or a schema do not make it one. */
  estimated: boolean;
  range: Range;
  /** This message's content at the input rate, or undefined when unpriced. */
  inputMicros?: number;
  /** Priced above zero yet under one micro-dollar (a few tokens on a cheap model): shown as such, never `$0.00`. */
  underOneMicro?: boolean;
  /** The message's images (counted in `tokens` too), where the file shows them. */
  images?: { tokens: number; estimated: boolean; range: Range; inputMicros?: number }[];
}

export interface PromptAnalysis {
  model: string;
  provider: string;
  encoding: EncodingName;
  estimated: boolean;
  messages: MessageCount[];
  inputTokens: number;
  outputTokens: number;
  /** One cold call: all input at the full rate plus expected output. */
  cost: Cost;
  /** A repeat call within the provider's cache lifetime: the static prefix read from cache. */
  repeatCost: Cost;
  /** Tokens before the first per-call content (template variable), chat overhead included. */
  staticPrefixTokens: number;
  contextWindow?: number;
  /** The request rendered with the inputs' defaults/samples (or given values); `cost` is then its cost. */
  rendered?: RenderedAnalysis;
  /** Why rendering with the defaults failed; the template figures stand. */
  renderError?: string;
  /** Tool definitions the request declares (included in inputTokens), when it declares any. */
  tools?: ToolCount;
  /** The `json_schema` response format the request declares (included in inputTokens), when it declares one. */
  schema?: ToolCount;
}

export interface AnalyzeOptions {
  model: string;
  prices: PriceBook;
  expectedOutputTokens: number;
  /** Counts a message's content; default: a fresh (memoised) count of its text. */
  countContent?: ContentCounter<PromptMessage>;
  /** Render with defaults (the dataset's first row, and `vars`) for the rendered count; `false` skips it. */
  render?: false | (RenderOptions & { vars?: TemplateVars; dataset?: FirstRow });
}

/** Model precedence: the user's pick for this file, then the frontmatter, then the default setting. */
export function resolveModel(doc: PromptDocument, picked: string | undefined, fallback: string): string {
  if (picked?.trim()) return picked.trim();
  const fm = doc.frontmatter.model?.trim();
  return fm && fm !== 'auto' ? fm : fallback;
}

export function analyzePrompt(doc: PromptDocument, opts: AnalyzeOptions): PromptAnalysis {
  const { model, prices } = opts;
  const rule = countingRuleFor(model);
  const provider = doc.frontmatter.provider ?? rule.provider;
  const chat = countChat(model, doc.messages, opts.countContent);
  const images = doc.messages.map((m) => mediaTokens(model, m.parts));
  const declared = declaredExtras(doc);
  const extras = countRequestExtras(model, doc.messages, declared);
  const { tools, schema } = extras;
  const inputTokens = chat.inputTokens + images.reduce((n, m) => n + m.tokens, 0) + extras.tokens;
  const outputTokens = doc.frontmatter.maxOutputTokens ?? opts.expectedOutputTokens;
  const pricing = prices.lookup(model, provider);
  const inputRate = pricing?.rates(inputTokens).input;
  const messages = doc.messages.map((m, i): MessageCount => {
    // A message's images are part of it, as the bill counts them.
    const tokens = chat.messageTokens[i] + images[i].tokens;
    const exact = inputRate === undefined ? undefined : tokens * inputRate;
    const inputMicros = exact === undefined ? undefined : Math.round(exact);
    const shown = m.mediaRanges?.map((range, k) => ({ ...images[i].each[k], range, ...(inputRate === undefined ? {} : { inputMicros: Math.round(images[i].each[k].tokens * inputRate) }) }));
    return { role: m.role, name: m.name, tokens, estimated: chat.estimated || images[i].estimated, range: m.range, inputMicros, ...(inputMicros === 0 && exact! > 0 ? { underOneMicro: true } : {}), ...(shown?.length ? { images: shown } : {}) };
  });
  const staticPrefixTokens = staticPrefix(doc, chat.messageTokens, rule.encoding);
  const cold = { ...ZERO_USAGE, inputUncached: inputTokens, output: outputTokens };
  const cached = cacheableTokens(model, provider, staticPrefixTokens);
  const repeat = { ...cold, inputUncached: inputTokens - cached, cacheRead: cached };
  const out: PromptAnalysis = {
    model, provider, encoding: chat.encoding, estimated: chat.estimated || extras.estimated || images.some((m) => m.estimated), messages,
    inputTokens, outputTokens,
    cost: pricing ? costWith(pricing, cold) : UNPRICED,
    repeatCost: pricing ? costWith(pricing, repeat) : UNPRICED,
    staticPrefixTokens, contextWindow: pricing?.contextWindow,
    ...(tools.tools > 0 ? { tools } : {}),
    ...(schema.tools > 0 ? { schema } : {}),
  };
  if (opts.render !== false) withRendered(out, doc, opts, provider, declared);
  return out;
}

/** What is sent is the rendered request, so its cost is the one shown; a template error keeps the template's. */
function withRendered(a: PromptAnalysis, doc: PromptDocument, opts: AnalyzeOptions, provider: string, declared: DeclaredExtras): void {
  const r = opts.render || {};
  try {
    a.rendered = analyzeRendered(doc, { model: a.model, provider, prices: opts.prices, outputTokens: a.outputTokens, vars: r.vars, dataset: r.dataset, render: r, declared });
  } catch (err) {
    a.renderError = (err as Error).message;
    return;
  }
  if (!a.rendered) return;
  a.cost = a.rendered.cost;
  const pricing = opts.prices.lookup(a.model, provider);
  if (!pricing) return;
  const cached = cacheableTokens(a.model, provider, Math.min(a.staticPrefixTokens, a.rendered.inputTokens));
  a.repeatCost = costWith(pricing, { ...ZERO_USAGE, inputUncached: a.rendered.inputTokens - cached, cacheRead: cached, output: a.outputTokens });
}

/** Whole messages before the first one holding a template variable (a conservative cacheable prefix). */
function staticPrefix(doc: PromptDocument, tokens: number[], encoding: EncodingName): number {
  let total = 0;
  for (let i = 0; i < doc.messages.length; i++) {
    if (doc.messages[i].variables.length > 0) break;
    total += messageOverheadTokens(encoding, doc.messages[i].role) + tokens[i];
  }
  return total;
}
