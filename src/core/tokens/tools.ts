// Tokens that tool definitions and response schemas add to a request's input.
import { functionTools, type FunctionTool } from '../exact/toolShapes';
import { countTokens } from './counter';
import { countingRuleFor, type EncodingName } from './families';
import { openaiToolsText } from './toolsText';

export { openaiToolsText } from './toolsText';

/**
 * OpenAI shows function tools to the model as TypeScript declarations in the system message ("namespace functions"),
 * so they are counted by rendering that text (toolsText.ts). The frame's constants follow hmarr/openai-chat-tokens,
 * whose cases were checked against the API's prompt_tokens. See test/unit/tokens/tools.test.ts.
 */
const TOOLS_BLOCK_TOKENS = 9;
/** With a system message the tools join it instead of opening their own, and it gains a trailing newline. */
const SHARED_SYSTEM_SAVING = 4;

/** Anthropic's documented tool-use system prompt for Claude 4 models (tool_choice auto or none). */
export const ANTHROPIC_TOOL_SYSTEM_TOKENS = 346;

/** Tokens the tools add to the chat count; `firstSystem` is the first system message's text, when there is one. */
function openaiToolTokens(fns: readonly FunctionTool[], encoding: EncodingName, firstSystem: string | undefined): number {
  let n = countTokens(encoding, openaiToolsText(fns, encoding)) + TOOLS_BLOCK_TOKENS;
  if (firstSystem !== undefined) n += countTokens(encoding, `${firstSystem}\n`) - countTokens(encoding, firstSystem) - SHARED_SYSTEM_SAVING;
  return n;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export interface ToolCount {
  /** Function tools found. */
  tools: number;
  tokens: number;
  /** False where the figure follows a rendering checked against the API for this model family (OpenAI functions). */
  estimated: boolean;
}

/** The first system message's text, which tools change for OpenAI models. */
export function firstSystemText(messages: readonly { role: string; content: string }[]): string | undefined {
  return messages.find((m) => m.role === 'system')?.content;
}

/** Input tokens the `tools` of a request add for `model`, given the request's first system message text. */
export function countToolTokens(model: string, tools: readonly unknown[] | undefined, firstSystem?: string): ToolCount {
  const fns = functionTools(tools);
  if (fns.length === 0) return { tools: 0, tokens: 0, estimated: false };
  const rule = countingRuleFor(model);
  if (rule.provider === 'openai') return { tools: fns.length, tokens: openaiToolTokens(fns, rule.encoding, firstSystem), estimated: !rule.exact };
  // No published formula: the definitions as JSON, plus the tool-use system prompt Anthropic documents.
  const json = countTokens(rule.encoding, JSON.stringify(tools));
  const scaled = Math.round(json * rule.factor);
  return { tools: fns.length, tokens: scaled + (rule.provider === 'anthropic' ? ANTHROPIC_TOOL_SYSTEM_TOKENS : 0), estimated: true };
}

/**
 * A `response_format` JSON schema: no published count exists, so it is counted as one more declaration in the tools
 * text (name, description, properties) and marked as an estimate.
 */
export function countSchemaTokens(model: string, schema: { name?: string; description?: string; schema?: unknown } | undefined): ToolCount {
  if (!schema || !isObj(schema.schema)) return { tools: 0, tokens: 0, estimated: false };
  const rule = countingRuleFor(model);
  const f: FunctionTool = { name: schema.name ?? 'response', description: schema.description, parameters: schema.schema };
  const tokens = rule.provider === 'openai' ? countTokens(rule.encoding, openaiToolsText([f], rule.encoding)) : countTokens(rule.encoding, JSON.stringify(schema.schema));
  return { tools: 1, tokens, estimated: true };
}
