// One function tool, whatever shape a prompt file declares it in (OpenAI chat, Responses, Anthropic).

export interface FunctionTool { name: string; description?: string; parameters: Record<string, unknown> }

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const EMPTY_SCHEMA = { type: 'object', properties: {} };

/** `{type: 'function', function: {...}}`, `{type: 'function', name, parameters}` or `{name, input_schema}`; else undefined. */
export function functionTool(t: unknown): FunctionTool | undefined {
  if (!isObj(t)) return undefined;
  const f = isObj(t.function) ? t.function : t;
  if (typeof f.name !== 'string') return undefined;
  const schema = isObj(f.parameters) ? f.parameters : isObj(f.input_schema) ? f.input_schema : EMPTY_SCHEMA;
  return { name: f.name, ...(typeof f.description === 'string' ? { description: f.description } : {}), parameters: schema };
}

export function functionTools(tools: readonly unknown[] | undefined): FunctionTool[] {
  return (tools ?? []).map(functionTool).filter((t): t is FunctionTool => !!t);
}

/** Anthropic `tools` entry; a tool already in Anthropic's shape (incl. server tools) is sent unchanged. */
export function anthropicTool(t: unknown): unknown {
  if (isObj(t) && (isObj(t.input_schema) || (typeof t.type === 'string' && t.type !== 'function'))) return t;
  const f = functionTool(t);
  return f ? { name: f.name, ...(f.description ? { description: f.description } : {}), input_schema: f.parameters } : t;
}

/** Responses API `tools` entry. */
export function responsesTool(t: unknown): unknown {
  const f = functionTool(t);
  return f ? { type: 'function', name: f.name, ...(f.description ? { description: f.description } : {}), parameters: f.parameters, strict: false } : t;
}
