import type { PromptDocument } from '../prompt/model';
import { type Cost, type PriceBook, UNPRICED, costWith } from '../pricing/prices';
import { ZERO_USAGE } from '../pricing/usage';
import { declaredTools } from '../prompt/tools';
import { countToolTokens, firstSystemText } from '../tokens/tools';
import { countRendered } from './count';
import { renderMessages, type RenderOptions } from './index';
import type { TemplateVars } from './types';
import { isDataKey } from './values';

export interface UsedValue { name: string; value: unknown; from: 'default' | 'input' }

export interface RenderedAnalysis {
  /** The rendered request's input tokens, chat overhead, media and tool definitions included. */
  inputTokens: number;
  estimated: boolean;
  /** One cold call at the rendered size. */
  cost: Cost;
  /** The values the template was rendered with and where each came from (a default/sample, or the caller). */
  used: UsedValue[];
  warnings: string[];
}

export interface RenderedCountOptions {
  model: string;
  provider?: string;
  prices: PriceBook;
  outputTokens: number;
  /** Values that win over defaults (a dataset row, `--input`). */
  vars?: TemplateVars;
  render?: RenderOptions;
}

/** True when there is something to render with: an input default or sample, or values from the caller. */
export function hasRenderValues(doc: PromptDocument, vars: TemplateVars = {}): boolean {
  return doc.frontmatter.inputs.some((i) => i.default !== undefined) || Object.keys(vars).some((k) => !isDataKey(k));
}

/** The count of the request this file renders to with its defaults (and `vars`); undefined when there are none. */
export function analyzeRendered(doc: PromptDocument, o: RenderedCountOptions): RenderedAnalysis | undefined {
  const vars = o.vars ?? {};
  if (!hasRenderValues(doc, vars)) return undefined;
  const r = renderMessages(doc, vars, o.render);
  const chat = countRendered(o.model, r.messages);
  const tools = countToolTokens(o.model, declaredTools(doc), firstSystemText(r.messages));
  const inputTokens = chat.inputTokens + tools.tokens;
  const pricing = o.prices.lookup(o.model, o.provider);
  const usage = { ...ZERO_USAGE, inputUncached: inputTokens, output: o.outputTokens };
  const used: UsedValue[] = Object.entries(r.values).map(([name, value]) => ({ name, value, from: name in vars ? 'input' : 'default' }));
  return { inputTokens, estimated: chat.estimated || (tools.tools > 0 && tools.estimated), cost: pricing ? costWith(pricing, usage) : UNPRICED, used, warnings: r.warnings };
}

/** `question = "What is…" (default)`, values shortened to fit a hover line. */
export function describeUsed(used: UsedValue[], max = 60): string[] {
  return used.map((u) => {
    const text = typeof u.value === 'string' ? JSON.stringify(u.value) : JSON.stringify(u.value) ?? String(u.value);
    const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
    return `${u.name} = ${short} (${u.from === 'default' ? 'default or sample' : 'given'})`;
  });
}
