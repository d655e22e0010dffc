import { modelParameters, obj } from './frontmatter';
import type { PromptDocument } from './model';
import { declaredResponseSchema, type ResponseSchema } from './responseFormat';
import { toolChoiceOf, type ToolChoice } from '../exact/toolShapes';

/** The document's `tools` as sent (a JSON array), or none. */
export function declaredTools(doc: PromptDocument): unknown[] | undefined {
  if (!doc.tools) return undefined;
  try {
    const t: unknown = JSON.parse(doc.tools);
    return Array.isArray(t) && t.length > 0 ? t : undefined;
  } catch {
    return undefined;
  }
}

/** The `tool_choice` a file declares beside its tools: chat JSON's own, or Prompty v1's `model.parameters`. */
export function declaredToolChoice(doc: PromptDocument): ToolChoice | undefined {
  const raw = doc.frontmatter.raw;
  if (doc.format !== 'chat-json') return toolChoiceOf(modelParameters(raw)?.tool_choice);
  return toolChoiceOf(raw.tool_choice) ?? legacyFunctionCall(raw.function_call);
}

/** The deprecated `function_call` ("auto", "none" or `{name}`) beside `functions`, as a tool choice. */
function legacyFunctionCall(x: unknown): ToolChoice | undefined {
  if (x === 'auto' || x === 'none') return x;
  const name = obj(x)?.name;
  return typeof name === 'string' && name ? { function: name } : undefined;
}

/** What a file sends beside its messages that the provider bills as input. */
export interface DeclaredExtras {
  tools?: unknown[];
  /** Only with tools. */
  choice?: ToolChoice;
  schema?: ResponseSchema;
}

export function declaredExtras(doc: PromptDocument): DeclaredExtras {
  const tools = declaredTools(doc);
  return { tools, choice: tools ? declaredToolChoice(doc) : undefined, schema: declaredResponseSchema(doc) };
}
