import { strict as assert } from 'node:assert';
import { countChat } from '../../../src/core/tokens';
import { countSchemaTokens, countToolTokens } from '../../../src/core/tokens/tools';

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

const billed = (model: string, tools: unknown[]) => countChat(model, MESSAGES).inputTokens + countToolTokens(model, tools).tokens;

describe('tool definition tokens', () => {
  it('bills the cookbook\'s tool request as the API did: 101 on gpt-4o and gpt-4o-mini', () => {
    assert.equal(billed('gpt-4o', [WEATHER]), 101);
    assert.equal(billed('gpt-4o-mini', [WEATHER]), 101);
  });

  it('and 105 on gpt-4 and gpt-3.5-turbo (cl100k constants)', () => {
    assert.equal(billed('gpt-4', [WEATHER]), 105);
    assert.equal(billed('gpt-3.5-turbo', [WEATHER]), 105);
  });

  it('adds the function-end constant once per request, not per tool', () => {
    const second = { type: 'function', function: { name: 'get_forecast', description: 'Get a forecast', parameters: { type: 'object', properties: {} } } };
    const one = countToolTokens('gpt-4o', [WEATHER]).tokens;
    const alone = countToolTokens('gpt-4o', [second]).tokens;
    assert.equal(countToolTokens('gpt-4o', [WEATHER, second]).tokens, one + alone - 12);
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

  it('counts a response_format JSON schema as an estimate (no published formula)', () => {
    const s = countSchemaTokens('gpt-4o', { name: 'answer', schema: { type: 'object', properties: { city: { type: 'string' } } } });
    assert.equal(s.estimated, true);
    assert.ok(s.tokens > 0);
    assert.equal(countSchemaTokens('gpt-4o', undefined).tokens, 0);
  });
});
