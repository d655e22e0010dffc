// Building the ChatRequest for a prompt file: no 'vscode' import, so unit tests reach every rule here.
import type { PromptDocument } from '../../core/prompt/model';
import type { ChatMessage, ChatRequest, ProviderId, RouteConfig } from '../../core/client/types';
import { countingRuleFor } from '../../core/tokens';

export interface RequestSettings {
  openaiBaseUrl: string;
  anthropicBaseUrl: string;
  expectedOutputTokens: number;
  cacheNonDeterministic: boolean;
  route: RouteConfig;
}

export interface RequestInput {
  doc: PromptDocument;
  messages: ChatMessage[];
  /** Resolved model: the file's pick, its frontmatter, or the default; 'auto' routes. */
  model: string;
  settings: RequestSettings;
  env: Record<string, string | undefined>;
  workspace: string;
  file?: string;
  allowOverBudget?: boolean;
}

/** Frontmatter `provider` names (Prompty, Dotprompt) mapped to the two wire formats; anything else by model family. */
export function providerFor(doc: PromptDocument, model: string, route: RouteConfig): ProviderId {
  const named = doc.frontmatter.provider?.toLowerCase() ?? '';
  if (named.includes('anthropic') || named.includes('claude')) return 'anthropic';
  if (named.includes('openai') || named.includes('azure')) return 'openai';
  const family = countingRuleFor(model === 'auto' ? route.cheap : model).provider;
  // Gemini, Llama and the rest are reached through OpenAI-compatible servers.
  return family === 'anthropic' ? 'anthropic' : 'openai';
}

/** Setting (machine scope), then the SDK's usual environment variable, then '' (the SDK's default). */
export function baseUrlFor(provider: ProviderId, settings: RequestSettings, env: Record<string, string | undefined>): string {
  const setting = provider === 'anthropic' ? settings.anthropicBaseUrl : settings.openaiBaseUrl;
  const fromEnv = provider === 'anthropic' ? env.ANTHROPIC_BASE_URL : env.OPENAI_BASE_URL;
  return (setting?.trim() || fromEnv?.trim() || '').replace(/\/+$/, '');
}

/** A frontmatter `route` (or `promptmeter.route`) overlays the settings' route for this file. */
export function routeFor(doc: PromptDocument, route: RouteConfig): RouteConfig {
  const raw = doc.frontmatter.raw;
  const own = (raw.route ?? (raw.promptmeter as Record<string, unknown> | undefined)?.route) as Partial<RouteConfig> | undefined;
  if (!own || typeof own !== 'object') return route;
  return {
    cheap: typeof own.cheap === 'string' ? own.cheap : route.cheap,
    strong: typeof own.strong === 'string' ? own.strong : route.strong,
    cascade: typeof own.cascade === 'boolean' ? own.cascade : route.cascade,
    fallback: Array.isArray(own.fallback) ? own.fallback.filter((m): m is string => typeof m === 'string') : route.fallback,
  };
}

/** The model the pre-flight estimate prices: for `auto`, the strong model (the most the call may cost). */
export function estimateModel(model: string, route: RouteConfig): string {
  return model === 'auto' ? route.strong : model;
}

export function buildChatRequest(i: RequestInput): ChatRequest {
  const fm = i.doc.frontmatter;
  const route = routeFor(i.doc, i.settings.route);
  const provider = providerFor(i.doc, i.model, route);
  const req: ChatRequest = {
    provider,
    baseUrl: baseUrlFor(provider, i.settings, i.env),
    model: i.model,
    messages: i.messages,
    maxTokens: fm.maxOutputTokens ?? i.settings.expectedOutputTokens,
    stream: true,
    meta: { workspace: i.workspace, route },
  };
  if (fm.temperature !== undefined) req.temperature = fm.temperature;
  if (fm.seed !== undefined) req.seed = fm.seed;
  if (i.file) req.meta.file = i.file;
  if (fm.cacheTtlSeconds !== undefined) req.meta.cacheTtlSeconds = fm.cacheTtlSeconds;
  if (i.settings.cacheNonDeterministic) req.meta.cacheNonDeterministic = true;
  if (i.allowOverBudget) req.meta.allowOverBudget = true;
  return req;
}
