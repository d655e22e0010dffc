// OpenAI Chat Completions adapter (also OpenAI-compatible servers) on the official SDK.
import OpenAI from 'openai';
import { readOpenAIUsage } from '../../pricing/normalize';
import { type CallContext, type ChatRequest, type FinishReason, type Next, ProviderError } from '../types';
import { openaiChatBody, type OpenAIChatBody } from './bodies';
import { answerUsage, clientCache, hostOf, newProgress, type Progress, providerCacheSaving, raceAbort, warningsToLog, withPartialUsage } from './common';
import { cancelledError, type ErrorContext, malformedError, toProviderError } from './errors';
import { DEFAULT_FIRST_BYTE_TIMEOUT_MS, DEFAULT_MAX_RETRY_AFTER_MS, type ProviderChatResponse, type ProviderOptions } from './options';
import { openaiPromptCacheKey } from './promptCaching';
import { guardedFetch } from './transport';
import { userinfoProblem } from '../redactUrl';
import { watchCall } from './watch';

const FINISH: Record<string, FinishReason> = {
  stop: 'stop', length: 'length', tool_calls: 'tool_calls', function_call: 'tool_calls', content_filter: 'content_filter',
};

export function openaiCall(opts: ProviderOptions): Next {
  const fetchImpl = guardedFetch({ idleMs: opts.streamIdleMs, maxRetryAfterMs: opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS, fetch: opts.fetch });
  // An empty base URL leaves the SDK to read OPENAI_BASE_URL or use OpenAI itself.
  const client = clientCache('openai', (baseUrl, apiKey) => new OpenAI({ apiKey, baseURL: baseUrl || undefined, maxRetries: opts.maxRetries, timeout: opts.timeoutMs, fetch: fetchImpl, logLevel: 'off' }));
  const told = new Set<string>();

  return async (req: ChatRequest, ctx: CallContext): Promise<ProviderChatResponse> => {
    const started = Date.now();
    if (ctx.signal.aborted) throw cancelledError(ctx.signal.reason);
    const apiKey = await opts.apiKey('openai');
    if (!apiKey) throw new ProviderError('No OpenAI API key is set; set it with "Promptmeter: Set API Key" (the CLI reads OPENAI_API_KEY).', 401);
    const userinfo = userinfoProblem(req.baseUrl, 'The OpenAI base URL');
    if (userinfo) throw new ProviderError(userinfo);
    const shared = client(req.baseUrl, apiKey);
    // A per-call copy shares the connection pool; its fetch counts attempts and arms the first-byte timer.
    const watch = watchCall(ctx.signal, fetchImpl, opts.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS);
    const c = shared.withOptions({ fetch: watch.fetch });
    const ec: ErrorContext = {
      provider: 'openai', model: req.model, host: hostOf(c.baseURL), maxRetries: opts.maxRetries,
      timeoutMs: opts.timeoutMs, streamIdleMs: opts.streamIdleMs, apiKey, signal: ctx.signal,
      attempts: () => watch.attempts, firstByte: () => watch.firstByteTimeout,
    };
    const callCtx: CallContext = { ...ctx, signal: watch.signal };
    const progress = newProgress();
    const promptCacheKey = openaiPromptCacheKey(req.messages, req.tools);
    const body = openaiChatBody(req, promptCacheKey, /(^|\.)api\.openai\.com$/.test(hostOf(c.baseURL)));
    try {
      const r = req.stream ? await streamed(c, body, callCtx, ec, progress) : await whole(c, body, callCtx, ec);
      const reading = readOpenAIUsage(r.usage);
      const { usage, estimated } = answerUsage(reading, req, 'OpenAI', ctx, told);
      if (r.finish === 'length') ctx.log?.(`OpenAI stopped at max tokens (${req.maxTokens}); the answer is truncated.`);
      return {
        text: r.text, model: req.model, provider: 'openai', usage,
        finishReason: FINISH[r.finish ?? ''] ?? 'other', cache: 'miss', route: 'direct',
        savedMicros: providerCacheSaving(opts.prices, usage, req.model, 'openai'),
        latencyMs: Date.now() - started,
        ...(reading.missing ? { usageMissing: true } : {}),
        ...(estimated ? { usageEstimated: true } : {}),
        ...(promptCacheKey ? { promptCache: { key: promptCacheKey } } : {}),
      };
    } catch (e) {
      throw withPartialUsage(toProviderError(e, ec), req, progress, readOpenAIUsage);
    } finally {
      watch.dispose();
    }
  };
}

type Body = OpenAIChatBody;
interface Raw { text: string; finish: string | null; usage: unknown }

async function whole(c: OpenAI, body: Body, ctx: CallContext, ec: ErrorContext): Promise<Raw> {
  const res = await raceAbort(warningsToLog(() => c.chat.completions.create({ ...body, stream: false }, { signal: ctx.signal }), ctx), ctx.signal);
  const choice = Array.isArray(res?.choices) ? res.choices[0] : undefined;
  if (!choice) throw malformedError(ec, 'no choices');
  return { text: choice.message?.content ?? '', finish: choice.finish_reason ?? null, usage: res.usage };
}

async function streamed(c: OpenAI, body: Body, ctx: CallContext, ec: ErrorContext, progress: Progress): Promise<Raw> {
  const stream = await raceAbort(
    warningsToLog(() => c.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal: ctx.signal }), ctx), ctx.signal);
  progress.streaming = true;
  let finish: string | null = null;
  for await (const chunk of stream) {
    const choice = chunk.choices?.[0];
    const delta = choice?.delta?.content;
    if (delta) { progress.text += delta; ctx.onDelta?.(delta); }
    if (choice?.finish_reason) finish = choice.finish_reason;
    if (chunk.usage) progress.usage = chunk.usage;
  }
  const { text, usage } = progress;
  // The SDK ends iteration quietly on abort.
  if (ctx.signal.aborted) throw cancelledError(ctx.signal.reason);
  if (finish === null) throw malformedError(ec, 'the stream ended before the answer finished');
  return { text, finish, usage };
}
