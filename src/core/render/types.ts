import type { ContentPart } from '../client/types';

export type { ContentPart };
export type TemplateVars = Record<string, unknown>;

/** A message as the format's runtime renders it, before it becomes a provider-neutral ChatMessage. */
export interface RenderedMessage {
  role: string;
  content: ContentPart[];
  metadata?: Record<string, unknown>;
}
