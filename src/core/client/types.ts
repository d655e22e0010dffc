import type { ToolChoice } from '../exact/toolShapes';
import type { NormalizedUsage } from '../pricing/usage';
import type { ResponseSchema } from '../prompt/responseFormat';
import type { CacheLayer, Technique } from '../ledger/record';

export type ProviderId = 'openai' | 'anthropic';

/** Text, or media by URL (`data:` URLs included) as a template's `{{media}}` / Prompty `kind: image` renders it. */
export type ContentPart = { type: 'text'; text: string } | { type: 'media'; url: string; contentType?: string; detail?: 'low' | 'high' | 'auto' };

export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant';
  /** The message's text (every text part joined); media lives only in `parts`. */
  content: string;
  name?: string;
  /** Set only when the message holds media: the text and media in order. */
  parts?: ContentPart[];
}

/** Routing for `model: auto` (settings `promptmeter.route` or frontmatter `route`). */
export interface RouteConfig {
  cheap: string;
  strong: string;
  cascade: boolean;
  /** Models tried in order after provider errors (the SDK's own retries come first). */
  fallback: string[];
}

/** Everything that decides the answer; `meta` never enters the cache key. */
export interface ChatRequest {
  provider: ProviderId;
  /** Resolved base URL ('' = the SDK default). */
  baseUrl: string;
  /** A model id, or 'auto' before the router stage. */
  model: string;
  /** In order; the Anthropic adapter lifts leading system messages into `system`. */
  messages: ChatMessage[];
  tools?: unknown[];
  /** Sent only with tools. */
  toolChoice?: ToolChoice;
  responseFormat?: 'text' | 'json';
  /** A declared `json_schema` response format (responseFormat is then 'json'); OpenAI gets it as is. */
  responseSchema?: ResponseSchema;
  temperature?: number;
  topP?: number;
  seed?: number;
  stop?: string[];
  maxTokens: number;
  stream: boolean;
  meta: RequestMeta;
}

export interface RequestMeta {
  workspace: string;
  file?: string;
  cacheTtlSeconds?: number;
  /** Cache even when temperature > 0 (setting or frontmatter opt-in). */
  cacheNonDeterministic?: boolean;
  route?: RouteConfig;
  /** The user chose "allow once" after a budget stop. */
  allowOverBudget?: boolean;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other';

export interface ChatResponse {
  text: string;
  /** The model that answered (after routing). */
  model: string;
  provider: ProviderId;
  usage: NormalizedUsage;
  finishReason: FinishReason;
  cache: CacheLayer;
  /** 'direct', 'auto:cheap', 'auto:strong', 'cascade:escalated', 'fallback:<from>'. */
  route: string;
  /** Money each technique saved on this call, in micro-dollars. */
  savedMicros: Partial<Record<Technique, number>>;
  latencyMs: number;
  /** The provider reported no usage (or the stream was cut short): `usage` is Promptmeter's estimate. */
  usageEstimated?: boolean;
  /** Billed calls made before this answer within the same run (a cascade's rejected cheap answer): record them too. */
  priorAttempts?: ChatResponse[];
}

export interface CallContext {
  signal: AbortSignal;
  /** Streamed text as it arrives (not called for cache hits, which return whole). */
  onDelta?: (text: string) => void;
  log?: (line: string) => void;
  /** Something the user should see (not only the log): stderr in the CLI, a warning in the editor. */
  notice?: (message: string) => void;
}

export type Next = (req: ChatRequest, ctx: CallContext) => Promise<ChatResponse>;
export type Stage = (req: ChatRequest, ctx: CallContext, next: Next) => Promise<ChatResponse>;

/** Onion composition: stages[0] runs first and wraps everything after it. */
export function compose(stages: readonly Stage[], terminal: Next): Next {
  return stages.reduceRight<Next>((next, stage) => (req, ctx) => stage(req, ctx, next), terminal);
}

/** An error the user can act on: `message` says what to do. */
export class ProviderError extends Error {
  /** What the failed call still billed (a stream cut short), so the ledger and budget never record 0. */
  usage?: NormalizedUsage;
  usageEstimated?: boolean;
  constructor(message: string, readonly status?: number, readonly retryable = false, override readonly cause?: unknown) {
    super(message);
    this.name = 'ProviderError';
  }
}
