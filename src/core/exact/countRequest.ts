// The request a prompt file would send, for counting: rendered with its inputs' defaults, as `run` renders it.
import { requestFromDocument, splitModelId } from '../client/request';
import type { ChatRequest, ProviderId } from '../client/types';
import type { PromptDocument } from '../prompt/model';

export function countRequest(doc: PromptDocument, model: string, workspace = ''): ChatRequest {
  return requestFromDocument(doc, { vars: {}, model, baseUrls: {}, workspace });
}

/** Which provider would answer `model` for this file (its frontmatter `provider` may decide). */
export function providerOf(doc: PromptDocument, model: string): ProviderId {
  return splitModelId(model, doc.frontmatter.provider).provider;
}
