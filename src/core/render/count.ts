import type { ChatMessage } from '../client/types';
import { countChat, type ChatCount } from '../tokens';

/**
 * An image whose size is unknown (a URL) is counted as a 1024×1024 image at high detail: OpenAI's documented
 * 85 base + 170 per 512px tile × 4 tiles = 765 tokens (platform.openai.com/docs/guides/images-vision, "Calculating
 * costs"). Always an estimate; audio and video have no size-free figure and are left out, flagged as estimated.
 */
export const IMAGE_TOKENS_UNKNOWN_SIZE = 765;

export interface RenderedChatCount extends ChatCount {
  /** Media parts in the request, each counted as described above. */
  media: number;
}

/** What the rendered request's messages cost as input: their text with chat overhead, plus media parts. */
export function countRendered(model: string, messages: readonly ChatMessage[]): RenderedChatCount {
  const chat = countChat(model, messages);
  let media = 0;
  let mediaTokens = 0;
  for (const m of messages) for (const p of m.parts ?? []) {
    if (p.type !== 'media') continue;
    media++;
    if ((p.contentType ?? '').startsWith('image') || /^data:image\//.test(p.url) || (!p.contentType && /\.(png|jpe?g|gif|webp)(?:[?#]|$)/i.test(p.url))) mediaTokens += IMAGE_TOKENS_UNKNOWN_SIZE;
  }
  return { ...chat, inputTokens: chat.inputTokens + mediaTokens, estimated: chat.estimated || media > 0, media };
}
