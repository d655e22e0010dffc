import type { ChatMessage } from '../client/types';
import { countChat, type ChatCount } from '../tokens';
import { mediaTokens } from '../tokens/images';

export interface RenderedChatCount extends ChatCount {
  /** Media parts in the request. */
  media: number;
}

/**
 * What the rendered request's messages cost as input: their text with chat overhead, plus media parts. An inline image
 * is counted by its size; an image by URL as a 1024×1024 one (765 on gpt-4o, ≈); audio and video are left out (≈).
 */
export function countRendered(model: string, messages: readonly ChatMessage[]): RenderedChatCount {
  const chat = countChat(model, messages);
  const parts = messages.map((m) => mediaTokens(model, m.parts));
  const sum = (k: 'tokens' | 'media') => parts.reduce((n, p) => n + p[k], 0);
  return { ...chat, inputTokens: chat.inputTokens + sum('tokens'), estimated: chat.estimated || parts.some((p) => p.estimated), media: sum('media') };
}
