import type { PromptDocument } from '../prompt/model';
import { type Cost, type PriceBook, UNPRICED, costWith } from '../pricing/prices';
import * as path from 'node:path';
import type { FirstRow } from '../dataset/firstRow';
import { ZERO_USAGE } from '../pricing/usage';
import { declaredExtras, type DeclaredExtras } from '../prompt/tools';
import { countRequestExtras } from '../tokens/tools';
import { countRendered } from './count';
import { renderMessages, type RenderOptions } from './index';
import type { TemplateVars } from './types';
import { isDataKey } from './values';

export interface UsedValue {
  name: string;
  value: unknown;
  /** A default or sample, the caller's value, or the first row of the dataset beside the prompt. */
  from: 'default' | 'input' | 'dataset';
  /** For a dataset value: `support.dataset.jsonl, line 1`. */
  where?: string;
}

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
  /** Values that win over defaults and the dataset row (`--var`, `--input`). */
  vars?: TemplateVars;
  /** The first row of the dataset beside the prompt: its values win over the defaults. */
  dataset?: FirstRow;
  render?: RenderOptions;
  /** The file's declared extras, when the caller has read them already. */
  declared?: DeclaredExtras;
}

/** True when there is something to render with: an input default or sample, a dataset row, or values from the caller. */
export function hasRenderValues(doc: PromptDocument, vars: TemplateVars = {}, dataset?: FirstRow): boolean {
  return doc.frontmatter.inputs.some((i) => i.default !== undefined) || !!dataset || Object.keys(vars).some((k) => !isDataKey(k));
}

/** The count of the request this file renders to with its defaults (and `vars`); undefined when there are none. */
export function analyzeRendered(doc: PromptDocument, o: RenderedCountOptions): RenderedAnalysis | undefined {
  const given = o.vars ?? {};
  if (!hasRenderValues(doc, given, o.dataset)) return undefined;
  const row = o.dataset?.vars ?? {};
  const vars = { ...row, ...given };
  const r = renderMessages(doc, vars, o.render);
  const chat = countRendered(o.model, r.messages);
  const extras = countRequestExtras(o.model, r.messages, o.declared ?? declaredExtras(doc));
  const inputTokens = chat.inputTokens + extras.tokens;
  const pricing = o.prices.lookup(o.model, o.provider);
  const usage = { ...ZERO_USAGE, inputUncached: inputTokens, output: o.outputTokens };
  const where = o.dataset ? `${path.basename(o.dataset.path)}, line ${o.dataset.line}` : undefined;
  const used: UsedValue[] = Object.entries(r.values).map(([name, value]): UsedValue =>
    name in given ? { name, value, from: 'input' } : name in row ? { name, value, from: 'dataset', where } : { name, value, from: 'default' });
  return { inputTokens, estimated: chat.estimated || extras.estimated, cost: pricing ? costWith(pricing, usage) : UNPRICED, used, warnings: r.warnings };
}

/** `question = "What is…" (default)`, values shortened to fit a hover line. */
export function describeUsed(used: UsedValue[], max = 60): string[] {
  return used.map((u) => {
    const text = typeof u.value === 'string' ? JSON.stringify(u.value) : JSON.stringify(u.value) ?? String(u.value);
    const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
    const from = u.from === 'default' ? 'default or sample' : u.from === 'dataset' ? `first dataset row, ${u.where}` : 'given';
    return `${u.name} = ${short} (${from})`;
  });
}
