// Anthropic Messages adapter on the official SDK, with prompt-cache breakpoints on the static prefix.
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages/messages';
import { mergeAnthropicUsage, readAnthropicUsage } from '../../pricing/normalize';
import { type CallContext, type ChatRequest, type FinishReason, type Next, ProviderError } from '../types';
import { answerUsage, clientCache, hostOf, newProgress, type Progress, providerCacheSaving, raceAbort, warningsToLog, withPartialUsage } from './common';
import { cancelledError, type ErrorContext, malformedError, toProviderError } from './errors';
import { DEFAULT_FIRST_BYTE_TIMEOUT_MS, DEFAULT_MAX_RETRY_AFTER_MS, type ProviderChatResponse, type ProviderOptions } from './options';
import { anthropicMessageBody } from './bodies';
import { guardedFetch } from './transport';
import { userinfoProblem } from '../redactUrl';
import { watchCall } from './watch';

const FINISH: Record<string, FinishReason> = {
  end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', model_context_window_exceeded: 'length',
  tool_use: 'tool_calls', refusal: 'content_filter',
};

export function anthropicCall(opts: ProviderOptions): Next {
  const fetchImpl = guardedFetch({ idleMs: opts.streamIdleMs, maxRetryAfterMs: opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS, fetch: opts.fetch });
  // An empty base URL leaves the SDK to read ANTHROPIC_BASE_URL or use Anthropic itself.
  const client = clientCache('anthropic', (baseUrl, apiKey) => new Anthropic({ apiKey, baseURL: baseUrl || undefined, maxRetries: opts.maxRetries, timeout: opts.timeoutMs, fetch: fetchImpl, logLevel: 'off' }));
  const told = new Set<string>();

  return async (req: ChatRequest, ctx: CallContext): Promise<ProviderChatResponse> => {
    const started = Date.now();
    if (ctx.signal.aborted) throw cancelledError(ctx.signal.reason);
    const apiKey = await opts.apiKey('anthropic');
    if (!apiKey) throw new ProviderError('No Anthropic API key is set; set it with "Promptmeter: Set API Key" (the CLI reads ANTHROPIC_API_KEY).', 401);
    const userinfo = userinfoProblem(req.baseUrl, 'The Anthropic base URL');
    if (userinfo) throw new ProviderError(userinfo);
    const shared = client(req.baseUrl, apiKey);
    // A per-call copy shares the connection pool; its fetch counts attempts and arms the first-byte timer.
    const watch = watchCall(ctx.signal, fetchImpl, opts.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS);
    const c = shared.withOptions({ fetch: watch.fetch });
    const ec: ErrorContext = {
      provider: 'anthropic', model: req.model, host: hostOf(c.baseURL), maxRetries: opts.maxRetries,
      timeoutMs: opts.timeoutMs, streamIdleMs: opts.streamIdleMs, apiKey, signal: ctx.signal,
      attempts: () => watch.attempts, firstByte: () => watch.firstByteTimeout,
    };
    const callCtx: CallContext = { ...ctx, signal: watch.signal };
    const progress = newProgress();
    const { body, breakpoints } = anthropicMessageBody(req);
    if (breakpoints.length) ctx.log?.(`Anthropic prompt-cache breakpoints: ${breakpoints.join(', ')}.`);
    try {
      const r = req.stream ? await streamed(c, body, callCtx, ec, progress) : await whole(c, body, callCtx, ec);
      const reading = readAnthropicUsage(r.usage);
      const { usage, estimated } = answerUsage(reading, req, 'Anthropic', ctx, told);
      if (FINISH[r.stop ?? ''] === 'length') ctx.log?.(`Anthropic stopped at max tokens (${req.maxTokens}); the answer is truncated.`);
      return {
        text: r.text, model: req.model, provider: 'anthropic', usage,
        finishReason: FINISH[r.stop ?? ''] ?? 'other', cache: 'miss', route: 'direct',
        savedMicros: providerCacheSaving(opts.prices, usage, req.model, 'anthropic'),
        latencyMs: Date.now() - started,
        ...(reading.missing ? { usageMissing: true } : {}),
        ...(estimated ? { usageEstimated: true } : {}),
        ...(breakpoints.length ? { promptCache: { breakpoints } } : {}),
      };
    } catch (e) {
      throw withPartialUsage(toProviderError(e, ec), req, progress, readAnthropicUsage);
    } finally {
      watch.dispose();
    }
  };
}

interface Raw { text: string; stop: string | null; usage: unknown }

async function whole(c: Anthropic, body: MessageCreateParamsBase, ctx: CallContext, ec: ErrorContext): Promise<Raw> {
  const res = await raceAbort(warningsToLog(() => c.messages.create({ ...body, stream: false }, { signal: ctx.signal }), ctx), ctx.signal);
  if (!res || !Array.isArray(res.content)) throw malformedError(ec, 'no content');
  const text = res.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
  return { text, stop: res.stop_reason ?? null, usage: res.usage };
}

async function streamed(c: Anthropic, body: MessageCreateParamsBase, ctx: CallContext, ec: ErrorContext, progress: Progress): Promise<Raw> {
  const stream = await raceAbort(warningsToLog(() => c.messages.create({ ...body, stream: true }, { signal: ctx.signal }), ctx), ctx.signal);
  progress.streaming = true;
  let stop: string | null = null; let done = false;
  for await (const ev of stream) {
    if (ev.type === 'message_start') progress.usage = ev.message?.usage;
    else if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') { progress.text += ev.delta.text; ctx.onDelta?.(ev.delta.text); }
    else if (ev.type === 'message_delta') { progress.usage = mergeAnthropicUsage(progress.usage, ev.usage); stop = ev.delta?.stop_reason ?? stop; }
    else if (ev.type === 'message_stop') done = true;
  }
  const { text, usage } = progress;
  // The SDK ends iteration quietly on abort.
  if (ctx.signal.aborted) throw cancelledError(ctx.signal.reason);
  if (!done) throw malformedError(ec, 'the stream ended before message_stop');
  return { text, stop, usage };
}
