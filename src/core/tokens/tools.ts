// Tokens that tool definitions and response schemas add to a request's input.
import { functionTools, type FunctionTool, type ToolChoice } from '../exact/toolShapes';
import { messageOverheadTokens } from './chat';
import { countTokens } from './counter';
import { countingRuleFor, type EncodingName } from './families';
import { openaiResponseFormatText, openaiToolsText, toolCountUnfitted } from './toolsText';
import type { ResponseSchema } from '../prompt/responseFormat';
import type { DeclaredExtras } from '../prompt/tools';

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
/** The same with tool_choice any or a named tool. */
export const ANTHROPIC_FORCED_TOOL_SYSTEM_TOKENS = 313;

/**
 * A tool_choice that names a function costs the name's tokens plus these: 7 on o200k models, fitted on recorded
 * requests (test/fixtures/tools/recorded-agents.json), 4 on cl100k per hmarr/openai-chat-tokens; "none" costs 1 on both.
 */
const FORCED_FUNCTION_TOKENS: Record<EncodingName, number> = { o200k_base: 7, cl100k_base: 4 };

function toolChoiceTokens(choice: ToolChoice | undefined, encoding: EncodingName): number {
  if (choice === undefined || choice === 'auto' || choice === 'required') return 0;
  return choice === 'none' ? 1 : FORCED_FUNCTION_TOKENS[encoding] + countTokens(encoding, choice.function);
}

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
  /** Why a tools figure is an estimate: a schema construct billed differently from the rendering, a model family whose
   * tool rendering is not checked, or a provider with no rendering to follow (JSON plus its tool-use prompt). */
  basis?: 'unfitted-schema' | 'unchecked-model' | 'json';
}

/** The first message's text when it is a system or developer message: only then do OpenAI's tools join it. */
export function firstSystemText(messages: readonly { role: string; content: string }[]): string | undefined {
  const first = messages[0];
  return first && (first.role === 'system' || first.role === 'developer') ? first.content : undefined;
}

/** Input tokens the `tools` of a request (and its `tool_choice`) add for `model`, given its first system message text. */
export function countToolTokens(model: string, tools: readonly unknown[] | undefined, firstSystem?: string, choice?: ToolChoice): ToolCount {
  const fns = functionTools(tools);
  if (fns.length === 0) return { tools: 0, tokens: 0, estimated: false };
  const rule = countingRuleFor(model);
  if (rule.provider === 'openai') {
    const preamble = rule.tools ? rule.tools.extra + (firstSystem === undefined ? 0 : rule.tools.withSystem) : 0;
    const tokens = openaiToolTokens(fns, rule.encoding, firstSystem) + toolChoiceTokens(choice, rule.encoding) + preamble;
    const unchecked = fns.some((f) => toolCountUnfitted(f.parameters));
    const basis = !rule.exact || rule.tools ? 'unchecked-model' : unchecked ? 'unfitted-schema' : undefined;
    return { tools: fns.length, tokens, estimated: basis !== undefined, ...(basis ? { basis } : {}) };
  }
  // No published formula: the definitions as JSON, plus the tool-use system prompt Anthropic documents.
  const json = countTokens(rule.encoding, JSON.stringify(tools));
  const scaled = Math.round(json * rule.factor);
  const forced = choice === 'required' || typeof choice === 'object';
  const system = rule.provider !== 'anthropic' ? 0 : forced ? ANTHROPIC_FORCED_TOOL_SYSTEM_TOKENS : ANTHROPIC_TOOL_SYSTEM_TOKENS;
  return { tools: fns.length, tokens: scaled + system, estimated: true, basis: 'json' };
}

/** Without tools the section still costs these tokens beyond its text (fitted on the recorded requests). */
const SCHEMA_WITHOUT_TOOLS_TOKENS = 4;
/** And each earlier assistant turn costs about this much more (crewAI's recordings: 4 per turn; Mirascope's: 3). */
const SCHEMA_ASSISTANT_TURN_TOKENS = 4;

export interface SchemaContext {
  /** Function tools in the same request: the section follows their block. */
  tools: number;
  /** The first system message's text, which the section joins when there are no tools. */
  firstSystem?: string;
  /** Assistant messages in the request. */
  assistantTurns?: number;
}

/**
 * A `json_schema` response format. For OpenAI's o200k models the API appends a "Response Formats" section to the
 * system text (toolsText.ts). The rule is fitted to recorded requests and matches most of them, but misses some
 * simple schemas by 1 to 3 tokens for reasons not known, so the figure is always an estimate; Count Exactly asks
 * OpenAI for the exact one.
 */
export function countSchemaTokens(model: string, rs: ResponseSchema | undefined, ctx: SchemaContext = { tools: 0 }): ToolCount {
  const rule = countingRuleFor(model);
  // The client sends the schema only in OpenAI-style bodies; a Claude request leaves it out, so it costs nothing.
  if (!rs || rule.provider === 'anthropic') return { tools: 0, tokens: 0, estimated: false };
  if (rule.provider !== 'openai' || rule.encoding !== 'o200k_base') {
    // No published or fitted rule: the schema as JSON.
    return { tools: 1, tokens: Math.round(countTokens(rule.encoding, JSON.stringify(rs.schema)) * rule.factor), estimated: true };
  }
  const text = openaiResponseFormatText(rs);
  const tokens = ctx.tools > 0 ? countTokens(rule.encoding, `\n\n${text}`)
    : (rule.schemaWithoutTools ?? SCHEMA_WITHOUT_TOOLS_TOKENS) + SCHEMA_ASSISTANT_TURN_TOKENS * (ctx.assistantTurns ?? 0) + (ctx.firstSystem === undefined
      ? messageOverheadTokens(rule.encoding, 'system') + countTokens(rule.encoding, text)
      : countTokens(rule.encoding, `${ctx.firstSystem}\n\n${text}`) - countTokens(rule.encoding, ctx.firstSystem));
  return { tools: 1, tokens, estimated: true };
}

export interface ExtrasCount {
  tools: ToolCount;
  schema: ToolCount;
  /** What both add to the chat count. */
  tokens: number;
  /** Whether either figure is an estimate. */
  estimated: boolean;
}

/** What a request's tools, tool_choice and `json_schema` response format add to the count of its messages. */
export function countRequestExtras(model: string, messages: readonly { role: string; content: string }[], declared: DeclaredExtras): ExtrasCount {
  const firstSystem = firstSystemText(messages);
  const t = countToolTokens(model, declared.tools, firstSystem, declared.choice);
  const assistantTurns = messages.filter((m) => m.role === 'assistant').length;
  const schema = countSchemaTokens(model, declared.schema, { tools: t.tools, firstSystem, assistantTurns });
  return { tools: t, schema, tokens: t.tokens + schema.tokens, estimated: (t.tools > 0 && t.estimated) || (schema.tools > 0 && schema.estimated) };
}
