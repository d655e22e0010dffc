import type { PromptDocument } from '../prompt/model';
import type { TemplateVars } from './types';

/** `@name` keys carry dotprompt data variables (`@state`, `@messages` for history), not template inputs. */
export const isDataKey = (k: string) => k.startsWith('@');

/** Frontmatter defaults (Prompty `default`/`sample`, dotprompt `input.default`) overlaid by the caller's values. */
export function inputValues(doc: PromptDocument, vars: TemplateVars): TemplateVars {
  const out: TemplateVars = {};
  for (const i of doc.frontmatter.inputs) if (i.default !== undefined) out[i.name] = i.default;
  for (const [k, v] of Object.entries(vars)) if (v !== undefined && !isDataKey(k)) out[k] = v;
  return out;
}

/** Dotprompt schema fields written `name?` may be left out. */
function optionalInputs(doc: PromptDocument): Set<string> {
  const schema = (doc.frontmatter.raw.input as { schema?: unknown } | undefined)?.schema;
  const keys = schema && typeof schema === 'object' ? Object.keys(schema) : [];
  return new Set(keys.filter((k) => k.endsWith('?')).map((k) => k.slice(0, -1)));
}

/** Declared inputs and variables the messages use that have neither a value nor a default, in first-seen order. */
export function missingInputs(doc: PromptDocument, vars: TemplateVars): string[] {
  const values = inputValues(doc, vars);
  const optional = optionalInputs(doc);
  const names = [...doc.frontmatter.inputs.map((i) => i.name), ...doc.messages.flatMap((m) => m.variables.map((v) => v.name))];
  return [...new Set(names)].filter((n) => values[n] === undefined && !optional.has(n) && !n.startsWith('@'));
}
