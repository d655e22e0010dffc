// The terminal `next` of the request pipeline: one provider call per request, by req.provider.
import { type Next, ProviderError } from '../types';
import { anthropicCall } from './anthropic';
import { openaiCall } from './openai';
import type { ProviderOptions } from './options';

export type { ProviderChatResponse, ProviderOptions } from './options';
export { DEFAULT_MAX_RETRY_AFTER_MS } from './options';
export { anthropicPrompt, openaiPromptCacheKey } from './promptCaching';

export function createProviderCall(options: ProviderOptions): Next {
  const calls = { openai: openaiCall(options), anthropic: anthropicCall(options) };
  return (req, ctx) => {
    const call = calls[req.provider];
    if (!call) return Promise.reject(new ProviderError(`Unknown provider "${String(req.provider)}"; use openai or anthropic.`));
    return call(req, ctx);
  };
}
