import type { PromptDocument } from './model';

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
