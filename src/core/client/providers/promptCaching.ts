// Provider prompt caching: Anthropic cache_control breakpoints and the OpenAI prompt_cache_key.
import { createHash } from 'node:crypto';
import type { ChatMessage } from '../types';
import { anthropicContent } from './mediaParts';

/** Anthropic allows at most 4 cache_control breakpoints a request. */
export const MAX_BREAKPOINTS = 4;
/** Below this estimated prefix size Anthropic caches nothing on most models, so a history breakpoint is useless. */
export const DEFAULT_MIN_CACHE_TOKENS = 1024;

export interface CacheControl { type: 'ephemeral' }
export interface TextBlock { type: 'text'; text: string; cache_control?: CacheControl }
export interface AnthropicMessage { role: 'user' | 'assistant'; content: string | TextBlock[] | Array<Record<string, unknown>> }

export interface AnthropicPrompt {
  system: TextBlock[];
  messages: AnthropicMessage[];
  /** Where cache_control was placed: 'system' and/or 'history' (the last block before the final user turn). */
  breakpoints: string[];
}

const isSystem = (m: ChatMessage) => m.role === 'system' || m.role === 'developer';
// A cheap local estimate is enough to decide whether a breakpoint can pay off (about 4 characters a token).
const estTokens = (chars: number) => Math.ceil(chars / 4);

/**
 * Lifts leading system messages into `system` blocks and marks the end of the static prefix: the last system
 * block, plus the last message before the final user turn when everything up to it is long enough to cache.
 */
export function anthropicPrompt(messages: readonly ChatMessage[], minCacheTokens = DEFAULT_MIN_CACHE_TOKENS): AnthropicPrompt {
  let lead = 0;
  while (lead < messages.length && isSystem(messages[lead]!)) lead++;
  const system: TextBlock[] = messages.slice(0, lead).map((m) => ({ type: 'text', text: m.content }));
  // Anthropic has no system role inside the conversation: a later instruction becomes a user turn.
  const rest: AnthropicMessage[] = messages.slice(lead).map((m) => ({
    role: m.role === 'assistant' ? 'assistant' : 'user', content: m.parts ? anthropicContent(m.parts) : m.content,
  }));
  const breakpoints: string[] = [];
  const last = system[system.length - 1];
  if (last) { last.cache_control = { type: 'ephemeral' }; breakpoints.push('system'); }

  const finalUser = rest.length > 0 && rest[rest.length - 1]!.role === 'user' ? rest.length - 1 : rest.length;
  const historyEnd = finalUser - 1;
  if (historyEnd >= 0 && breakpoints.length < MAX_BREAKPOINTS) {
    const prefixChars = system.reduce((n, b) => n + b.text.length, 0)
      + messages.slice(lead, lead + historyEnd + 1).reduce((n, m) => n + m.content.length, 0);
    if (estTokens(prefixChars) >= minCacheTokens) {
      const m = rest[historyEnd]!;
      // A message with media already has blocks: the breakpoint goes on its last one.
      const blocks: Array<Record<string, unknown>> = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content.map((b) => ({ ...b }));
      blocks[blocks.length - 1]!.cache_control = { type: 'ephemeral' };
      rest[historyEnd] = { role: m.role, content: blocks };
      breakpoints.push('history');
    }
  }
  return { system, messages: rest, breakpoints };
}

/** A short stable hash of the static prefix (leading system messages and tools), or undefined when there is none. */
export function openaiPromptCacheKey(messages: readonly ChatMessage[], tools?: readonly unknown[]): string | undefined {
  const h = createHash('sha256');
  let any = false;
  for (const m of messages) {
    if (!isSystem(m)) break;
    h.update(`${m.role}\u0000${m.content}\u0001`);
    any = true;
  }
  if (tools && tools.length > 0) { h.update(JSON.stringify(tools)); any = true; }
  return any ? `pm-${h.digest('hex').slice(0, 16)}` : undefined;
}
