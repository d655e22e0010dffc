import type { PromptDocument } from '../prompt/model';
import { declaredExtras } from '../prompt/tools';
import { declaredResponseFormat } from '../prompt/responseFormat';
import { countingRuleFor } from '../tokens/families';
import { renderPrompt, type RenderOptions, type TemplateVars } from '../render';
import type { ChatRequest, ProviderId, RouteConfig } from './types';
import { DEFAULTS } from '../settings/defaults';

export interface RequestOptions {
  vars: TemplateVars;
  /** Partials and other rendering context (dotprompt `{{> name}}`). */
  render?: RenderOptions;
  /** A picked model (`--model`, the model picker); wins over the frontmatter. */
  model?: string;
  /** Used when neither picked nor frontmatter names a model. */
  defaultModel?: string;
  baseUrls: Partial<Record<ProviderId, string>>;
  workspace: string;
  file?: string;
  /** Settings route; a frontmatter `route` wins. */
  route?: RouteConfig;
  /** Output cap when the file sets none. */
  defaultMaxTokens?: number;
  stream?: boolean;
  cacheNonDeterministic?: boolean;
}

export const DEFAULT_ROUTE: RouteConfig = DEFAULTS.route;

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `openai/gpt-4o` style ids name the provider; other slashes (OpenRouter's `meta-llama/...`) are part of the id. */
export function splitModelId(model: string, provider?: string): { provider: ProviderId; model: string } {
  const m = /^(openai|anthropic)\/(.+)$/.exec(model);
  if (m) return { provider: m[1] as ProviderId, model: m[2] };
  if (provider === 'anthropic') return { provider: 'anthropic', model };
  if (provider === 'openai' || provider === 'azure') return { provider: 'openai', model };
  // Anything not Anthropic goes through the OpenAI-compatible client (Ollama, vLLM, OpenRouter...).
  return { provider: countingRuleFor(model).provider === 'anthropic' ? 'anthropic' : 'openai', model };
}

function frontmatterRoute(raw: Record<string, unknown>): RouteConfig | undefined {
  const r = raw.route ?? (isObj(raw.promptmeter) ? raw.promptmeter.route : undefined);
  if (!isObj(r) || typeof r.cheap !== 'string' || typeof r.strong !== 'string') return undefined;
  const fallback = Array.isArray(r.fallback) ? r.fallback.filter((x): x is string => typeof x === 'string') : [];
  return { cheap: r.cheap, strong: r.strong, cascade: r.cascade !== false, fallback };
}

/** Prompty `parameters.response_format`, chat JSON `response_format`, dotprompt `output.format`. */
function wantsJson(doc: PromptDocument): boolean {
  const rf = declaredResponseFormat(doc);
  const declared = isObj(rf) ? rf.type === 'json_object' || rf.type === 'json_schema' : rf === 'json_object';
  const raw = doc.frontmatter.raw;
  return declared || (isObj(raw.output) && raw.output.format === 'json');
}

/** The request a prompt file describes, rendered with `vars`; throws a plain Error when no model is known. */
export function requestFromDocument(doc: PromptDocument, o: RequestOptions): ChatRequest {
  const fm = doc.frontmatter;
  const named = o.model?.trim() || fm.model?.trim() || o.defaultModel;
  if (!named) throw new Error('no model: the file names none; pass one (--model or the model picker)');
  const route = frontmatterRoute(fm.raw) ?? o.route;
  const target = named === 'auto' ? splitModelId(route?.cheap ?? DEFAULT_ROUTE.cheap, fm.provider) : splitModelId(named, fm.provider);
  const provider = target.provider;
  const req: ChatRequest = {
    provider,
    baseUrl: o.baseUrls[provider] ?? '',
    model: named === 'auto' ? 'auto' : target.model,
    messages: renderPrompt(doc, o.vars, o.render),
    maxTokens: fm.maxOutputTokens ?? o.defaultMaxTokens ?? 1024,
    stream: o.stream ?? false,
    meta: { workspace: o.workspace },
  };
  if (fm.temperature !== undefined) req.temperature = fm.temperature;
  if (fm.seed !== undefined) req.seed = fm.seed;
  if (wantsJson(doc)) req.responseFormat = 'json';
  const { schema, tools, choice } = declaredExtras(doc);
  if (schema) req.responseSchema = schema;
  if (tools) req.tools = tools;
  if (choice) req.toolChoice = choice;
  if (o.file) req.meta.file = o.file;
  if (fm.cacheTtlSeconds !== undefined) req.meta.cacheTtlSeconds = fm.cacheTtlSeconds;
  if (o.cacheNonDeterministic) req.meta.cacheNonDeterministic = true;
  if (route) req.meta.route = route;
  else if (named === 'auto') req.meta.route = DEFAULT_ROUTE;
  return req;
}
