import { strict as assert } from 'node:assert';
import { countChat } from '../../../src/core/tokens';
import { countTokens } from '../../../src/core/tokens/counter';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countRequestExtras, countSchemaTokens, countToolTokens, firstSystemText, openaiToolsText } from '../../../src/core/tokens/tools';
import { openaiResponseFormatText } from '../../../src/core/tokens/toolsText';
import { responseSchemaOf, type ResponseSchema } from '../../../src/core/prompt/responseFormat';
import { functionTools, toolChoiceOf } from '../../../src/core/exact/toolShapes';
import { toolsLensTooltip } from '../../../src/editor/format';

// OpenAI cookbook, "How to count tokens with tiktoken", section 7 (counting tokens for chat completions with tool
// calls): this request was billed 105 prompt tokens on gpt-3.5-turbo and gpt-4, 101 on gpt-4o and gpt-4o-mini
// ("101 prompt tokens counted by the OpenAI API").
const WEATHER = {
  type: 'function',
  function: {
    name: 'get_current_weather',
    description: 'Get the current weather in a given location',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
        unit: { type: 'string', description: 'The unit of temperature to return', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['location'],
    },
  },
};
const MESSAGES = [
  { role: 'system', content: 'You are a helpful assistant that can answer to questions about the weather.' },
  { role: 'user', content: "What's the weather like in San Francisco?" },
];

type Msg = { role: string; content: string };
const billedFor = (model: string, messages: Msg[], tools: unknown[]) =>
  countChat(model, messages).inputTokens + countToolTokens(model, tools, firstSystemText(messages)).tokens;
const billed = (model: string, tools: unknown[]) => billedFor(model, MESSAGES, tools);

// hmarr/openai-chat-tokens' cases with functions, whose prompt_tokens were read from the API on gpt-3.5-turbo
// (test/fixtures/tools/README.md): one and two functions, enums, nested objects, arrays, anyOf, required keys.
const HMARR = JSON.parse(readFileSync(join(__dirname, '../../fixtures/tools/openai-chat-tokens.json'), 'utf8')) as {
  model: string; cases: { messages: Msg[]; functions: { name: string }[]; prompt_tokens: number }[];
};

// Real requests recorded with their billed usage.prompt_tokens (test/fixtures/tools/README.md): pydantic-ai's and
// crewAI's VCR cassettes (request body and API response as sent and received) and one LangChain docs notebook output.
interface Recorded {
  source: { repo: string; path: string; blob?: string; interaction?: number };
  model: string; messages: Msg[]; tools: unknown[]; prompt_tokens: number;
}
const RECORDED = (JSON.parse(readFileSync(join(__dirname, '../../fixtures/tools/recorded-gpt-4o.json'), 'utf8')) as { cases: Recorded[] }).cases;
const where = (c: Recorded) => `${c.source.path.split('/').pop()}${c.source.interaction ? `#${c.source.interaction}` : ''}`;
const names = (c: Recorded) => (c.tools as { function: { name: string } }[]).map((t) => t.function.name).join(',');
/** The recorded requests this rendering does not reproduce, by tool names or by cassette, with what is known of why. */
const KNOWN_MISSES: Record<string, string> = {
  create_reasoning_plan: 'crewAI\'s newer plan tool, an array of described objects with `type: ["string", "null"]`: 34 under in each (marked ≈)',
  'test_agent_with_stdio_server.yaml': 'a docstring with Args/Returns sections as the description: 8 under',
  'test_agent_run_stream_with_mcp_server_http.yaml#3': 'the MCP trio in a later turn: 1 over',
  'test_mcp_dynamic_toolset_in_workflow.yaml#3': 'the same: 1 over',
  'test_fastmcp_toolset.yaml#3': 'the same: 1 over',
  'test_ref_sibling_wire_contract[openai-structured-dict].yaml': 'a $ref with sibling keys: 1 over',
};
const explained = (c: Recorded) => KNOWN_MISSES[names(c)] !== undefined || KNOWN_MISSES[where(c)] !== undefined;

describe('tool definition tokens', () => {
  it('bills the cookbook\'s tool request as the API did: 101 on gpt-4o and gpt-4o-mini', () => {
    assert.equal(billed('gpt-4o', [WEATHER]), 101);
    assert.equal(billed('gpt-4o-mini', [WEATHER]), 101);
  });

  it('and 105 on gpt-4 and gpt-3.5-turbo (cl100k constants)', () => {
    assert.equal(billed('gpt-4', [WEATHER]), 105);
    assert.equal(billed('gpt-3.5-turbo', [WEATHER]), 105);
  });

  it(`bills each of hmarr/openai-chat-tokens' ${HMARR.cases.length} function requests as the API did (gpt-3.5-turbo)`, () => {
    assert.ok(HMARR.cases.length >= 15);
    const wrong = HMARR.cases
      .map((c) => ({ c, got: billedFor(HMARR.model, c.messages, c.functions.map((f) => ({ type: 'function', function: f }))) }))
      .filter(({ c, got }) => got !== c.prompt_tokens)
      .map(({ c, got }) => `${c.functions.map((f) => f.name).join('+')}: ${got} ≠ ${c.prompt_tokens}`);
    assert.deepEqual(wrong, []);
  });

  it('two function tools: 49 billed on gpt-3.5-turbo for the two-function case, with two system messages', () => {
    const two = HMARR.cases.filter((c) => c.functions.length === 2);
    assert.equal(two.length, 1);
    assert.equal(two[0].prompt_tokens, 49);
    assert.equal(billedFor('gpt-3.5-turbo', two[0].messages, two[0].functions.map((f) => ({ type: 'function', function: f }))), 49);
  });

  it('two function tools on gpt-4o: pydantic-ai\'s recorded requests billed 68, 71 and 73', () => {
    const two = RECORDED.filter((c) => c.model === 'gpt-4o' && c.tools.length === 2 && c.source.repo === 'pydantic/pydantic-ai');
    assert.deepEqual([...new Set(two.map((c) => c.prompt_tokens))].sort(), [68, 71, 73]);
    for (const c of two) assert.equal(billedFor('gpt-4o', c.messages, c.tools), c.prompt_tokens, where(c));
  });

  it('two function tools on gpt-4o-mini: LangChain\'s add and multiply billed 87; crewAI\'s three tools 259', () => {
    const lc = RECORDED.find((c) => c.model === 'gpt-4o-mini' && names(c) === 'add,multiply');
    assert.equal(lc?.prompt_tokens, 87);
    assert.equal(billedFor('gpt-4o-mini', lc.messages, lc.tools), 87);
    const three = RECORDED.find((c) => c.model === 'gpt-4o-mini' && c.tools.length === 3);
    assert.equal(three?.prompt_tokens, 259);
    assert.equal(billedFor('gpt-4o-mini', three.messages, three.tools), 259);
  });

  it(`bills ${RECORDED.length} recorded gpt-4o and gpt-4o-mini requests with tools as the API did, but for the named misses`, () => {
    assert.ok(RECORDED.length >= 100);
    const wrong = RECORDED.filter((c) => billedFor(c.model, c.messages, c.tools) !== c.prompt_tokens);
    const unexplained = wrong.filter((c) => !explained(c)).map((c) => `${where(c)} ${names(c)}: ${billedFor(c.model, c.messages, c.tools)} ≠ ${c.prompt_tokens}`);
    assert.deepEqual(unexplained, []);
    // Most of the record matches exactly: the misses stay a small, named minority.
    assert.ok(wrong.length <= 15, `${wrong.length} misses`);
    assert.ok(RECORDED.length - wrong.length >= 89, `${RECORDED.length - wrong.length} exact`);
  });

  it('an object whose properties have no comments is one line for gpt-4o (one token less), multi-line for gpt-4', () => {
    const add = { name: 'add', description: 'Adds a and b.', parameters: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, required: ['a'] } };
    assert.match(openaiToolsText([add]), /^type add = \(_: \{a: number, b\?: number\}\) => any;$/m);
    assert.match(openaiToolsText([add], 'cl100k_base'), /^type add = \(_: \{\na: number,\nb\?: number,\n\}\) => any;$/m);
  });

  it('a recursive $ref and a schema whose definitions double at each level render in bounded text', () => {
    // A tree node that refers to itself (pydantic emits this for recursive models): expanded once, then `any`.
    const tree = { name: 'walk', parameters: { type: 'object', properties: { root: { $ref: '#/$defs/Node' } }, $defs: {
      Node: { type: 'object', properties: { label: { type: 'string', description: 'Shown' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } } },
    } } };
    assert.match(openaiToolsText([tree]), /children\?: any\[\],/);
    // 40 definitions, each using the next twice: 2^40 expansions if nothing stops them.
    const defs: Record<string, unknown> = { D40: { type: 'string' } };
    for (let i = 39; i >= 0; i--) defs[`D${i}`] = { type: 'object', properties: { a: { $ref: `#/$defs/D${i + 1}` }, b: { $ref: `#/$defs/D${i + 1}` } } };
    const text = openaiToolsText([{ name: 'grow', parameters: { type: 'object', properties: { x: { $ref: '#/$defs/D0' } }, $defs: defs } }]);
    assert.ok(text.length < 100_000, `${text.length} characters`);
  });

  it('renders tools as the namespace of TypeScript declarations the model sees', () => {
    const text = openaiToolsText([{ name: WEATHER.function.name, description: WEATHER.function.description, parameters: WEATHER.function.parameters }]);
    assert.equal(text, [
      'namespace functions {', '',
      '// Get the current weather in a given location',
      'type get_current_weather = (_: {',
      '// The city and state, e.g. San Francisco, CA',
      'location: string,',
      '// The unit of temperature to return',
      'unit?: "celsius" | "fahrenheit",',
      '}) => any;', '',
      '} // namespace functions',
    ].join('\n'));
  });

  it('a system message changes the tools\' share: they join it rather than open their own', () => {
    const system = 'Be brief.';
    const newline = countTokens('o200k_base', `${system}\n`) - countTokens('o200k_base', system);
    assert.equal(countToolTokens('gpt-4o', [WEATHER], system).tokens, countToolTokens('gpt-4o', [WEATHER]).tokens - 4 + newline);
  });

  it('reads tools in Responses and Anthropic shapes too', () => {
    const f = WEATHER.function;
    const responses = { type: 'function', name: f.name, description: f.description, parameters: f.parameters };
    const anthropic = { name: f.name, description: f.description, input_schema: f.parameters };
    const expected = countToolTokens('gpt-4o', [WEATHER]).tokens;
    assert.equal(countToolTokens('gpt-4o', [responses]).tokens, expected);
    assert.equal(countToolTokens('gpt-4o', [anthropic]).tokens, expected);
  });

  it('marks Claude\'s tool count as an estimate that includes the tool-use system prompt', () => {
    const c = countToolTokens('claude-sonnet-4-5', [WEATHER]);
    assert.equal(c.estimated, true);
    assert.ok(c.tokens > 346);
    assert.deepEqual(countToolTokens('gpt-4o', []), { tools: 0, tokens: 0, estimated: false });
  });

  it('says on the tools lens\'s hover why a figure is an estimate: a schema construct, an unchecked model, or JSON', () => {
    const tool = (parameters: object) => [{ type: 'function', function: { name: 'f', parameters } }];
    const union = countToolTokens('gpt-4o', tool({ type: 'object', properties: { q: { anyOf: [{ type: 'string' }, { type: 'null' }] } } }));
    assert.equal(union.basis, 'unfitted-schema');
    assert.match(toolsLensTooltip(union, 'openai'), /^An estimate: .*union.*Count Exactly/);
    const simple = countToolTokens('gpt-4o', [WEATHER]);
    assert.equal(simple.basis, undefined);
    assert.match(toolsLensTooltip(simple, 'openai'), /matches the prompt tokens billed/);
    assert.equal(countToolTokens('gpt-4o-ultra', [WEATHER]).basis, 'unchecked-model');
    const claude = countToolTokens('claude-sonnet-4-5', [WEATHER]);
    assert.equal(claude.basis, 'json');
    assert.match(toolsLensTooltip(claude, 'anthropic'), /as JSON plus the provider's tool-use prompt\. .*Count Exactly/);
    // Gemini has no counting endpoint Promptmeter calls, so its hover does not offer one.
    assert.doesNotMatch(toolsLensTooltip(countToolTokens('gemini-2.5-flash', [WEATHER]), 'google'), /Count Exactly/);
  });

});

// Real requests with a `json_schema` response format, recorded with their billed usage.prompt_tokens
// (test/fixtures/tools/README.md): pydantic-ai's and crewAI's VCR cassettes.
interface RecordedSchema extends Recorded { response_format: unknown }
const WITH_SCHEMA = (JSON.parse(readFileSync(join(__dirname, '../../fixtures/tools/recorded-json-schema.json'), 'utf8')) as { cases: RecordedSchema[] }).cases;
const schemaOf = (c: RecordedSchema) => responseSchemaOf(c.response_format) as ResponseSchema;
const billedWithSchema = (c: RecordedSchema) => countChat(c.model, c.messages).inputTokens + countRequestExtras(c.model, c.messages, { tools: c.tools, schema: schemaOf(c) }).tokens;
/** The recorded schemas this rule does not reproduce, by schema name, with what is known of why. */
const SCHEMA_MISSES: Record<string, string> = {
  // Simple keywords only, yet off by a few tokens for reasons not known: why the schema figure is always an estimate.
  Book: 'Mirascope\'s book, with or without a system message: 1 over',
  int: 'Mirascope\'s wrapped integer: 1 over, and 2 over after an assistant turn (3 per turn there, not 4)',
  Invoice: 'OpenLLMetry\'s invoice, a described model: 1 over',
  FentanylHandbook: 'a request the model refused: 3 under',
  StepObservation: 'defaults, a multi-line docstring and anyOf with null: 8 over, and 2 over with $defs',
  MemoryAnalysis: 'a default, minimum and maximum, and $defs repeated inline: 14 over',
  Person: 'a $ref to $defs: 1 over',
  ExtractedMemories: 'one described array property: 2 under in each of its recordings',
  TaskEvaluationPydanticOutput: 'one property with a long description: 4 under in each, 8 after an assistant turn',
  LLMGuardrailResult: 'anyOf string or null: 3 under',
};
const schemaMiss = (c: RecordedSchema) => SCHEMA_MISSES[schemaOf(c).name] !== undefined
  // Strict const with type inside anyOf: 1 over.
  || where(c) === 'test_openai_native_output_multiple.yaml';

describe('response_format JSON schema tokens (OpenAI)', () => {
  it('two function tools and a JSON schema on gpt-4o: crewAI\'s recorded manager request billed 613', () => {
    const c = WITH_SCHEMA.find((x) => x.model === 'gpt-4o' && x.tools.length === 2);
    assert.equal(c?.prompt_tokens, 613);
    assert.equal(schemaOf(c).name, 'ScoreOutput');
    assert.equal(billedWithSchema(c), 613);
    // Without the schema the count falls short by exactly the section the API adds.
    const without = countChat(c.model, c.messages).inputTokens + countToolTokens(c.model, c.tools, firstSystemText(c.messages)).tokens;
    assert.equal(613 - without, countTokens('o200k_base', `\n\n${openaiResponseFormatText(schemaOf(c))}`));
  });

  it('a function tool and a JSON schema on gpt-4o-mini: crewAI\'s recorded requests billed 188 and 166', () => {
    const mini = WITH_SCHEMA.filter((x) => x.model === 'gpt-4o-mini' && x.tools.length > 0);
    assert.deepEqual(mini.map((x) => x.prompt_tokens).sort(), [166, 188]);
    for (const c of mini) assert.equal(billedWithSchema(c), c.prompt_tokens, where(c));
  });

  it('a JSON schema without tools on gpt-4o and gpt-4o-mini: 94, 117, 108 and 154 as billed', () => {
    for (const [name, billed] of [['AnswerResponse', 94], ['MathResult', 117], ['SimpleModel', 108], ['AnalysisResult', 154]] as const) {
      const c = WITH_SCHEMA.find((x) => schemaOf(x).name === name && x.tools.length === 0);
      assert.equal(c?.prompt_tokens, billed, name);
      assert.equal(billedWithSchema(c), billed, name);
    }
  });

  it(`bills ${WITH_SCHEMA.length} recorded requests with a JSON schema as the API did, but for the named misses`, () => {
    const wrong = WITH_SCHEMA.filter((c) => billedWithSchema(c) !== c.prompt_tokens);
    const unexplained = wrong.filter((c) => !schemaMiss(c)).map((c) => `${where(c)} ${schemaOf(c).name}: ${billedWithSchema(c)} ≠ ${c.prompt_tokens}`);
    assert.deepEqual(unexplained, []);
    assert.ok(WITH_SCHEMA.length - wrong.length >= 25, `${WITH_SCHEMA.length - wrong.length} exact`);
    // Where it misses, it misses by little: within 4 tokens but for the schemas with defaults, bounds or long descriptions.
    const far = wrong.filter((c) => Math.abs(billedWithSchema(c) - c.prompt_tokens) > 4).map((c) => schemaOf(c).name);
    assert.deepEqual([...new Set(far)].sort(), ['MemoryAnalysis', 'StepObservation', 'TaskEvaluationPydanticOutput']);
  });

  it('shows the model the schema as JSON without required, additionalProperties and $schema, under its name', () => {
    const text = openaiResponseFormatText({
      name: 'CityLocation', description: 'A city and its country.',
      schema: { $schema: 'x', type: 'object', properties: { required: { type: 'string' }, city: { type: 'string' } }, required: ['required', 'city'], additionalProperties: false },
    });
    // A property named like a keyword stays: only keywords go.
    assert.equal(text, '# Response Formats\n\n## CityLocation\n\n// A city and its country.\n{"type":"object","properties":{"required":{"type":"string"},"city":{"type":"string"}}}');
  });

  it('is an estimate on every model, since some simple schemas miss; nothing for Claude, whose body leaves it out', () => {
    const checked = { name: 'a', schema: { type: 'object', properties: { city: { type: 'string', description: 'd', title: 'City' } } } };
    assert.equal(countSchemaTokens('gpt-4o', checked).estimated, true);
    assert.equal(countSchemaTokens('gpt-4o', { name: 'a', schema: { type: 'object', properties: { n: { type: 'number', minimum: 0 } } } }).estimated, true);
    assert.equal(countSchemaTokens('gemini-2.5-flash', checked).estimated, true);
    assert.ok(countSchemaTokens('gemini-2.5-flash', checked).tokens > 0);
    // The Anthropic body leaves the schema out (JSON is asked for in the prompt), so it adds nothing there.
    assert.deepEqual(countSchemaTokens('claude-sonnet-4-5', checked), { tools: 0, tokens: 0, estimated: false });
    assert.deepEqual(countSchemaTokens('gpt-4o', undefined), { tools: 0, tokens: 0, estimated: false });
  });

  it('each earlier assistant turn costs 4 more without tools: crewAI\'s ScoreOutput after one and two turns billed as recorded', () => {
    const turns = WITH_SCHEMA.filter((c) => schemaOf(c).name === 'ScoreOutput' && c.tools.length === 0 && c.messages.some((m) => m.role === 'assistant'));
    assert.ok(turns.length >= 2);
    for (const c of turns) assert.equal(billedWithSchema(c), c.prompt_tokens, where(c));
    const rs = { name: 'a', schema: { type: 'object', properties: { city: { type: 'string' } } } };
    assert.equal(countSchemaTokens('gpt-4o', rs, { tools: 0, assistantTurns: 2 }).tokens - countSchemaTokens('gpt-4o', rs).tokens, 8);
  });

  it('joins the system message when there are no tools, and follows the tools block when there are', () => {
    const rs = { name: 'a', schema: { type: 'object', properties: { city: { type: 'string' } } } };
    const text = countTokens('o200k_base', openaiResponseFormatText(rs));
    const alone = countSchemaTokens('gpt-4o', rs).tokens;
    // Its own system message (3 + "system") plus the 4 the API adds without tools.
    assert.equal(alone, text + 4 + 4);
    assert.equal(countSchemaTokens('gpt-4o', rs, { tools: 0, firstSystem: 'Be brief' }).tokens, text + 1 + 4);
    assert.equal(countSchemaTokens('gpt-4o', rs, { tools: 2 }).tokens, text + 1);
  });
});

// Agent and instrumentation projects' recorded requests with tools, with their billed usage.prompt_tokens
// (test/fixtures/tools/README.md): developer messages, tool_choice, string defaults, titled parameters, nine tools.
interface RecordedAgent extends Recorded { tool_choice: unknown }
const AGENTS = (JSON.parse(readFileSync(join(__dirname, '../../fixtures/tools/recorded-agents.json'), 'utf8')) as { cases: RecordedAgent[] }).cases;
const billedAgent = (c: RecordedAgent) => countChat(c.model, c.messages).inputTokens + countToolTokens(c.model, c.tools, firstSystemText(c.messages), toolChoiceOf(c.tool_choice)).tokens;
const forcedName = (c: RecordedAgent) => (toolChoiceOf(c.tool_choice) as { function?: string } | undefined)?.function;
/** The recorded requests this rendering does not reproduce, by cassette and interaction, with what is known of why. */
const AGENT_MISSES: Record<string, string> = {
  TaskEvaluation: 'a $ref to a titled definition: 5 under in each (marked ≈)',
  TrainingTaskEvaluation: 'a long described array property: 1 under',
};
const agentMiss = (c: RecordedAgent) => AGENT_MISSES[names(c)] !== undefined || AGENT_MISSES[`${c.source.path.split('/').slice(-4).join('/')}#${c.source.interaction}`] !== undefined;

describe('recorded agent requests with tools (OpenInference, OpenLLMetry, Mirascope, crewAI, ldp, Logfire, llm …)', () => {
  it('a developer message takes the tools as a system message does: nine agno requests on gpt-4o-mini, up to nine tools', () => {
    const dev = AGENTS.filter((c) => c.messages[0].role === 'developer');
    assert.equal(dev.length, 9);
    assert.ok(dev.some((c) => c.tools.length === 9 && c.prompt_tokens === 598));
    for (const c of dev) assert.equal(billedAgent(c), c.prompt_tokens, where(c));
  });

  it('a tool_choice naming a function costs its name plus 7 tokens on gpt-4o: 188, 191 (crewAI), 109 to 151 (Mirascope)', () => {
    const forced = AGENTS.filter((c) => forcedName(c) && !agentMiss(c));
    for (const billed of [109, 130, 131, 148, 151, 188, 191]) assert.ok(forced.some((c) => c.prompt_tokens === billed), `${billed}`);
    for (const c of forced) {
      assert.equal(billedAgent(c), c.prompt_tokens, where(c));
      const unforced = countChat(c.model, c.messages).inputTokens + countToolTokens(c.model, c.tools, firstSystemText(c.messages)).tokens;
      assert.equal(c.prompt_tokens - unforced, 7 + countTokens('o200k_base', forcedName(c)!));
    }
  });

  it('a string default is shown quoted, as openai/harmony renders it: Mirascope\'s weather tool billed 130', () => {
    const c = AGENTS.find((x) => JSON.stringify(x.tools).includes('"default":"fahrenheit"') || JSON.stringify(x.tools).includes('"default": "fahrenheit"'));
    assert.equal(c?.prompt_tokens, 130);
    assert.equal(billedAgent(c), 130);
    assert.match(openaiToolsText(c.tools.map((t) => (t as { function: object }).function) as never), /unit: string, \/\/ default: "fahrenheit"/);
  });

  it('a system message after the first user message opens no shared block: the tools keep their own (crewAI, 100 and 149)', () => {
    const later = AGENTS.filter((c) => c.messages[0].role === 'user' && c.messages.some((m) => m.role === 'system'));
    assert.ok(later.length >= 3);
    for (const c of later) assert.equal(billedAgent(c), c.prompt_tokens, where(c));
    assert.equal(firstSystemText(later[0].messages), undefined);
  });

  it('tool_choice "none" costs 1 token on gpt-4o and gpt-4o-mini too: ldp\'s 112 and 236', () => {
    const none = AGENTS.filter((c) => c.tool_choice === 'none');
    assert.deepEqual(none.map((c) => c.prompt_tokens).sort(), [112, 236, 236]);
    for (const c of none) {
      assert.equal(billedAgent(c), c.prompt_tokens, where(c));
      assert.equal(countToolTokens(c.model, c.tools, firstSystemText(c.messages), 'none').estimated, false);
    }
  });

  it('titled parameters (a pydantic model\'s name) show the title as a comment first: 75, 117 (Datadog), 151 … (Mirascope)', () => {
    const titled = AGENTS.filter((c) => (c.tools as { function: { parameters?: { title?: unknown } } }[]).some((t) => typeof t.function.parameters?.title === 'string'));
    assert.ok(titled.length >= 7, `${titled.length}`);
    for (const billed of [71, 75, 82, 117, 151, 158, 176]) assert.ok(titled.some((c) => c.prompt_tokens === billed && billedAgent(c) === billed), `${billed}`);
    const text = openaiToolsText([{ name: 'add', description: 'Add two numbers', parameters: { title: 'add_args', type: 'object', properties: { a: { type: 'integer' } } } }]);
    assert.match(text, /\/\/ add_args\n\/\/ Add two numbers\ntype add = /);
  });

  it(`bills ${AGENTS.length} recorded requests as the API did, but for the named misses, which are marked ≈`, () => {
    const wrong = AGENTS.filter((c) => billedAgent(c) !== c.prompt_tokens);
    const unexplained = wrong.filter((c) => !agentMiss(c)).map((c) => `${where(c)} ${names(c)}: ${billedAgent(c)} ≠ ${c.prompt_tokens}`);
    assert.deepEqual(unexplained, []);
    assert.ok(AGENTS.length - wrong.length >= 54, `${AGENTS.length - wrong.length} exact`);
    for (const c of wrong.filter((x) => names(x) !== 'TrainingTaskEvaluation')) {
      assert.equal(countToolTokens(c.model, c.tools, firstSystemText(c.messages)).estimated, true, where(c));
    }
  });

  it('reads tool_choice in OpenAI, Responses and Anthropic shapes; "none" costs 1 token, "required" none', () => {
    assert.deepEqual(toolChoiceOf({ type: 'function', function: { name: 'f' } }), { function: 'f' });
    assert.deepEqual(toolChoiceOf({ type: 'function', name: 'f' }), { function: 'f' });
    assert.deepEqual(toolChoiceOf({ type: 'tool', name: 'f' }), { function: 'f' });
    assert.equal(toolChoiceOf({ type: 'any' }), 'required');
    assert.equal(toolChoiceOf('sometimes'), undefined);
    const base = countToolTokens('gpt-4', [WEATHER]).tokens;
    assert.equal(countToolTokens('gpt-4', [WEATHER], undefined, 'none').tokens, base + 1);
    assert.equal(countToolTokens('gpt-4', [WEATHER], undefined, 'required').tokens, base);
    // hmarr/openai-chat-tokens: a named function_call costs its name plus 4 on cl100k models.
    assert.equal(countToolTokens('gpt-4', [WEATHER], undefined, { function: 'get_current_weather' }).tokens, base + 4 + countTokens('cl100k_base', 'get_current_weather'));
    // Constructs whose billing the recordings do not confirm keep the count an estimate.
    const unfitted = (parameters: object) => countToolTokens('gpt-4o', [{ type: 'function', function: { name: 'f', parameters } }]).estimated;
    assert.equal(unfitted({ type: 'object', properties: { q: { type: 'string', description: 'd' } } }), false);
    assert.equal(unfitted({ type: 'object', properties: { q: { anyOf: [{ type: 'string' }, { type: 'null' }] } } }), true);
    assert.equal(unfitted({ type: 'object', properties: { q: { type: 'array', items: { type: 'object', properties: {} } } } }), true);
    assert.equal(unfitted({ type: 'object', description: 'A model docstring', properties: { q: { type: 'string' } } }), true);
    // Extra keys: confirmed only on simple parameters (OpenAI's .NET SDK recordings); nested, or beside comments, not.
    assert.equal(unfitted({ type: 'object', properties: { q: { type: 'string' } }, additionalProperties: true }), false);
    assert.equal(unfitted({ type: 'object', properties: { q: { type: 'string', description: 'd' } }, additionalProperties: true }), true);
    assert.equal(unfitted({ type: 'object', properties: { q: { type: 'object', properties: { r: { type: 'string' } }, additionalProperties: true } } }), true);
    assert.equal(unfitted({ type: 'object', properties: { q: { type: 'object', additionalProperties: { type: 'string' } } } }), true);
    // Claude: Anthropic's documented tool-use prompt is shorter when a tool is forced.
    const claude = (c?: 'required') => countToolTokens('claude-sonnet-4-5', [WEATHER], undefined, c).tokens;
    assert.equal(claude() - claude('required'), 346 - 313);
  });
});

// gpt-4.1, -mini and -nano requests with tools that agent projects recorded with their billed usage (fixtures README).
const GPT41 = (JSON.parse(readFileSync(join(__dirname, '../../fixtures/tools/recorded-gpt-4.1.json'), 'utf8')) as { cases: RecordedAgent[] }).cases;

describe('recorded gpt-4.1 requests with tools (ruby_llm, crewAI, OpenInference …)', () => {
  it('bill as gpt-4o\'s rendering counts them, on every request it shows without ≈', () => {
    assert.ok(GPT41.length >= 90);
    const shownExact = GPT41.filter((c) => !countToolTokens(c.model, c.tools, firstSystemText(c.messages), toolChoiceOf(c.tool_choice)).estimated);
    assert.ok(shownExact.length >= 85);
    for (const c of shownExact) assert.equal(billedAgent(c), c.prompt_tokens, where(c));
  });

  it('nested objects are not indented: ruby_llm\'s window {start, end} billed 92 and address book 101', () => {
    for (const [tool, billed] of [['object_params', 92], ['address_book', 101]] as const) {
      const c = GPT41.find((x) => names(x) === tool && x.messages.length === 1)!;
      assert.equal(c.prompt_tokens, billed);
      assert.equal(billedAgent(c), billed);
      assert.doesNotMatch(openaiToolsText(functionTools(c.tools)), /\n {2}/);
    }
  });
});
