// The body an exact count sends: the input part of what the live call sends, cache breakpoints included.
import { anthropicMessageBody } from '../client/providers/bodies';
import { dataUrl } from '../client/providers/mediaParts';
import type { ChatRequest, ContentPart } from '../client/types';
import { anthropicTool, responsesTool, responsesToolChoice } from './toolShapes';

export interface CountBody { provider: 'anthropic' | 'openai'; body: Record<string, unknown> }

/** Anthropic `POST /v1/messages/count_tokens`: model, system, messages and tools of the Messages body. */
export function anthropicCountBody(req: ChatRequest): Record<string, unknown> {
  const { body } = anthropicMessageBody(req);
  return {
    model: body.model,
    messages: body.messages,
    ...(body.system ? { system: body.system } : {}),
    ...(req.tools?.length ? { tools: req.tools.map(anthropicTool) } : {}),
    ...(body.tool_choice ? { tool_choice: body.tool_choice } : {}),
  };
}

/** Text and images as Responses input parts; an image counts at the detail the chat call sends it with. */
function responsesContent(parts: ContentPart[]): unknown[] {
  return parts.map((p) => (p.type === 'text' ? { type: 'input_text', text: p.text }
    : dataUrl(p.url)?.[1] === 'application/pdf' ? { type: 'input_file', file_data: p.url, filename: 'document.pdf' }
      : { type: 'input_image', image_url: p.url, detail: p.detail ?? 'auto' }));
}

/** OpenAI `POST /v1/responses/input_tokens`: the messages as Responses input items, tools and the output format. */
export function openaiCountBody(req: ChatRequest): Record<string, unknown> {
  const js = req.responseSchema;
  return {
    model: req.model,
    input: req.messages.map((m) => ({ type: 'message', role: m.role, content: m.parts ? responsesContent(m.parts) : m.content })),
    ...(req.tools?.length ? { tools: req.tools.map(responsesTool) } : {}),
    ...(req.tools?.length && req.toolChoice ? { tool_choice: responsesToolChoice(req.toolChoice) } : {}),
    ...(js ? { text: { format: { type: 'json_schema', ...js } } }
      : req.responseFormat === 'json' ? { text: { format: { type: 'json_object' } } } : {}),
  };
}

export function countBody(req: ChatRequest): CountBody {
  return req.provider === 'anthropic'
    ? { provider: 'anthropic', body: anthropicCountBody(req) }
    : { provider: 'openai', body: openaiCountBody(req) };
}
