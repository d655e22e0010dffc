// The request a prompt file would send, for counting: rendered as `run` renders it (defaults, given values, partials).
import { requestFromDocument, splitModelId } from '../client/request';
import type { ChatRequest, ProviderId } from '../client/types';
import type { PromptDocument } from '../prompt/model';
import type { RenderOptions, TemplateVars } from '../render';

export interface CountRequestOptions {
  workspace?: string;
  /** Values that win over the defaults (`--var`, `--input`), as the analysis was rendered with. */
  vars?: TemplateVars;
  /** Partials beside the file, as `run` loads them. */
  render?: RenderOptions;
}

export function countRequest(doc: PromptDocument, model: string, o: CountRequestOptions = {}): ChatRequest {
  return requestFromDocument(doc, { vars: o.vars ?? {}, render: o.render, model, baseUrls: {}, workspace: o.workspace ?? '' });
}

/** Which provider would answer `model` for this file (its frontmatter `provider` may decide). */
export function providerOf(doc: PromptDocument, model: string): ProviderId {
  return splitModelId(model, doc.frontmatter.provider).provider;
}
