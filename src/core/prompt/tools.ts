import type { PromptDocument } from './model';
import { toolChoiceOf, type ToolChoice } from '../exact/toolShapes';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

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
  if (doc.format === 'chat-json') return toolChoiceOf(raw.tool_choice);
  return isObj(raw.model) && isObj(raw.model.parameters) ? toolChoiceOf(raw.model.parameters.tool_choice) : undefined;
}
