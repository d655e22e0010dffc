// The provider-native request bodies, built once for live calls, batch files and token counting alike.
import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions/completions';
import type { ChatRequest } from '../types';
import { openaiContent } from './mediaParts';
import { anthropicPrompt } from './promptCaching';
import { anthropicTool, anthropicToolChoice, openaiToolChoice } from '../../exact/toolShapes';

export type OpenAIChatBody = ChatCompletionCreateParamsBase;

/** Chat Completions body; `official` is true for api.openai.com, which wants max_completion_tokens. */
export function openaiChatBody(req: ChatRequest, promptCacheKey: string | undefined, official: boolean): OpenAIChatBody {
  return {
    model: req.model,
    messages: req.messages.map((m) => ({ role: m.role, content: m.parts ? openaiContent(m.parts) : m.content, ...(m.name ? { name: m.name } : {}) }) as OpenAIChatBody['messages'][number]),
    // Reasoning models on OpenAI need max_completion_tokens; compatible servers widely know only max_tokens.
    ...(official ? { max_completion_tokens: req.maxTokens } : { max_tokens: req.maxTokens }),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { top_p: req.topP } : {}),
    ...(req.seed !== undefined ? { seed: req.seed } : {}),
    ...(req.stop?.length ? { stop: req.stop } : {}),
    ...(req.tools?.length ? { tools: req.tools as OpenAIChatBody['tools'] } : {}),
    ...(req.tools?.length && req.toolChoice ? { tool_choice: openaiToolChoice(req.toolChoice) as OpenAIChatBody['tool_choice'] } : {}),
    ...(req.responseSchema ? { response_format: { type: 'json_schema', json_schema: req.responseSchema } }
      : req.responseFormat === 'json' ? { response_format: { type: 'json_object' } } : {}),
    ...(promptCacheKey ? { prompt_cache_key: promptCacheKey } : {}),
  };
}

/** Messages body with the prompt-cache breakpoints the client adds; `breakpoints` names where they went. */
export function anthropicMessageBody(req: ChatRequest): { body: MessageCreateParamsBase; breakpoints: string[] } {
  const prompt = anthropicPrompt(req.messages);
  const body: MessageCreateParamsBase = {
    model: req.model,
    max_tokens: req.maxTokens,
    messages: prompt.messages as MessageCreateParamsBase['messages'],
    ...(prompt.system.length ? { system: prompt.system } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { top_p: req.topP } : {}),
    ...(req.stop?.length ? { stop_sequences: req.stop } : {}),
    // OpenAI-shaped function tools (Prompty, dotprompt, chat JSON) become Anthropic's {name, input_schema}.
    ...(req.tools?.length ? { tools: req.tools.map(anthropicTool) as MessageCreateParamsBase['tools'] } : {}),
    ...(req.tools?.length && req.toolChoice ? { tool_choice: anthropicToolChoice(req.toolChoice) as MessageCreateParamsBase['tool_choice'] } : {}),
  };
  return { body, breakpoints: prompt.breakpoints };
}
