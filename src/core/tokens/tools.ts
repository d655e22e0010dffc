// Tokens that tool definitions and response schemas add to a request's input.
import { functionTools, type FunctionTool } from '../exact/toolShapes';
import { countTokens } from './counter';
import { countingRuleFor, type EncodingName } from './families';

/**
 * OpenAI's per-function constants, from the cookbook "How to count tokens with tiktoken", section 7
 * (num_tokens_for_tools), which matched the API's prompt_tokens for gpt-3.5-turbo, gpt-4, gpt-4o and gpt-4o-mini.
 */
const OPENAI_TOOL_CONSTANTS = {
  o200k_base: { funcInit: 7, propInit: 3, propKey: 3, enumInit: -3, enumItem: 3, funcEnd: 12 },
  cl100k_base: { funcInit: 10, propInit: 3, propKey: 3, enumInit: -3, enumItem: 3, funcEnd: 12 },
} as const;

/** Anthropic's documented tool-use system prompt for Claude 4 models (tool_choice auto or none). */
export const ANTHROPIC_TOOL_SYSTEM_TOKENS = 346;

const dropPeriod = (s: string) => (s.endsWith('.') ? s.slice(0, -1) : s);
const str = (x: unknown) => (typeof x === 'string' ? x : x === undefined ? '' : JSON.stringify(x));

/** One function the cookbook way: `name:description`, then `key:type:description` per top-level property. */
function openaiFunctionTokens(f: FunctionTool, encoding: EncodingName): number {
  const k = OPENAI_TOOL_CONSTANTS[encoding];
  let n = k.funcInit + countTokens(encoding, `${f.name}:${dropPeriod(f.description ?? '')}`);
  const props = (f.parameters.properties ?? {}) as Record<string, Record<string, unknown>>;
  const keys = Object.keys(props);
  if (keys.length > 0) {
    n += k.propInit;
    for (const key of keys) {
      const p = props[key] ?? {};
      n += k.propKey;
      if (Array.isArray(p.enum)) {
        n += k.enumInit;
        for (const item of p.enum) n += k.enumItem + countTokens(encoding, str(item));
      }
      n += countTokens(encoding, `${key}:${str(p.type)}:${dropPeriod(str(p.description))}`);
    }
  }
  return n;
}

export interface ToolCount {
  /** Function tools found. */
  tools: number;
  tokens: number;
  /** False where the figure follows a published formula for this model family (OpenAI functions). */
  estimated: boolean;
}

/** Input tokens the `tools` of a request add for `model`. */
export function countToolTokens(model: string, tools: readonly unknown[] | undefined): ToolCount {
  const fns = functionTools(tools);
  if (fns.length === 0) return { tools: 0, tokens: 0, estimated: false };
  const rule = countingRuleFor(model);
  if (rule.provider === 'openai') {
    const k = OPENAI_TOOL_CONSTANTS[rule.encoding];
    return { tools: fns.length, tokens: fns.reduce((n, f) => n + openaiFunctionTokens(f, rule.encoding), 0) + k.funcEnd, estimated: false };
  }
  // No published formula: the definitions as JSON, plus the tool-use system prompt Anthropic documents.
  const json = countTokens(rule.encoding, JSON.stringify(tools));
  const scaled = Math.round(json * rule.factor);
  return { tools: fns.length, tokens: scaled + (rule.provider === 'anthropic' ? ANTHROPIC_TOOL_SYSTEM_TOKENS : 0), estimated: true };
}

/**
 * A `response_format` JSON schema: OpenAI publishes no formula, so it is counted as one more function definition
 * (name, description, top-level properties) and marked as an estimate.
 */
export function countSchemaTokens(model: string, schema: { name?: string; description?: string; schema?: unknown } | undefined): ToolCount {
  if (!schema || typeof schema.schema !== 'object' || schema.schema === null) return { tools: 0, tokens: 0, estimated: false };
  const rule = countingRuleFor(model);
  const f: FunctionTool = { name: schema.name ?? 'response', description: schema.description, parameters: schema.schema as Record<string, unknown> };
  const tokens = rule.provider === 'openai' ? openaiFunctionTokens(f, rule.encoding) : countTokens(rule.encoding, JSON.stringify(schema.schema));
  return { tools: 1, tokens, estimated: true };
}
