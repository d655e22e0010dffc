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

/** What a request's `tool_choice` asks: the model decides, calls none, must call one, or must call this function. */
export type ToolChoice = 'auto' | 'none' | 'required' | { function: string };

/** A `tool_choice` in OpenAI chat, Responses or Anthropic shape; else undefined. */
export function toolChoiceOf(x: unknown): ToolChoice | undefined {
  if (x === 'auto' || x === 'none' || x === 'required') return x;
  if (x === 'any') return 'required';
  if (!isObj(x)) return undefined;
  const name = x.type === 'function' ? (isObj(x.function) ? x.function.name : x.name) : x.type === 'tool' ? x.name : undefined;
  if (typeof name === 'string' && name) return { function: name };
  if (x.type === 'auto' || x.type === 'none') return x.type;
  return x.type === 'any' ? 'required' : undefined;
}

export const openaiToolChoice = (c: ToolChoice): unknown => typeof c === 'string' ? c : { type: 'function', function: { name: c.function } };
export const responsesToolChoice = (c: ToolChoice): unknown => typeof c === 'string' ? c : { type: 'function', name: c.function };
export const anthropicToolChoice = (c: ToolChoice): unknown => c === 'required' ? { type: 'any' } : typeof c === 'string' ? { type: c } : { type: 'tool', name: c.function };
