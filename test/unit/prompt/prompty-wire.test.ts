// Prompty v2 `tools` and `outputs` go to OpenAI as Prompty's runtime sends them: microsoft/prompty's wire conformance
// vectors (schema/model/conformance/vectors/wire.tsp at 75e4d0e, MIT; test/fixtures/prompty-spec) written as
// .prompty frontmatter, through requestFromDocument and the Chat Completions body a live call sends.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { analyzePrompt } from '../../../src/core/analysis/analyze';
import { anthropicMessageBody, openaiChatBody } from '../../../src/core/client/providers/bodies';
import { requestFromDocument } from '../../../src/core/client/request';
import { PriceBook } from '../../../src/core/pricing/prices';
import { parsePrompt, type PromptDocument } from '../../../src/core/prompt';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'prompty-spec');
const CORPUS = path.join(__dirname, '..', '..', 'fixtures', 'corpus', 'prompty');

interface Vector {
  name: string;
  provider: string;
  targetApi: string;
  input: { model_id: string; messages: Array<{ role: string; content: Array<{ value: string }> }>; tools: unknown[]; outputs: unknown[] };
  expected: { request_body: Record<string, unknown> };
}
const vectors: Vector[] = JSON.parse(readFileSync(path.join(DIR, 'vectors.wire-tools-outputs.json'), 'utf8'));

/** The vector's agent as a v2 .prompty file: model, tools and outputs in the frontmatter, messages as role lines. */
function promptyFile(v: Vector): string {
  const fm = {
    model: { id: v.input.model_id, provider: v.provider },
    ...(v.input.tools.length ? { tools: v.input.tools } : {}),
    ...(v.input.outputs.length ? { outputs: v.input.outputs } : {}),
  };
  const body = v.input.messages.map((m) => `${m.role}:\n${m.content.map((p) => p.value).join('')}\n`).join('\n');
  return `---\n${stringify(fm)}---\n${body}`;
}

function chatBody(doc: PromptDocument): Record<string, unknown> {
  const req = requestFromDocument(doc, { vars: {}, baseUrls: {}, workspace: '/tmp' });
  return openaiChatBody(req, undefined, true) as unknown as Record<string, unknown>;
}

/** Only the keys this change is about; model, messages and max tokens are checked elsewhere. */
const WIRE_KEYS = ['tools', 'response_format'] as const;
const pick = (body: Record<string, unknown>) => Object.fromEntries(WIRE_KEYS.filter((k) => k in body).map((k) => [k, body[k]]));

const byName = (name: string) => vectors.find((v) => v.name === name)!;

describe('Prompty v2 tools and outputs on the OpenAI chat wire (Prompty wire vectors)', () => {
  const chat = vectors.filter((v) => v.provider === 'openai' && v.targetApi === 'chat');

  it('has the seven chat vectors that declare tools or outputs (or none: tools_null_when_empty)', () => {
    assert.deepEqual(chat.map((v) => v.name).sort(), ['kind_to_json_type_mapping', 'structured_output', 'structured_output_nested_optional',
      'tools_bindings_stripped', 'tools_function_wire', 'tools_null_when_empty', 'tools_strict_mode']);
  });

  for (const v of chat.filter((x) => x.name !== 'kind_to_json_type_mapping')) {
    it(`${v.name}: exactly the vector's tools and response_format`, () => {
      const doc = parsePrompt(promptyFile(v), `${v.name}.prompty`);
      assert.deepEqual(doc.problems, []);
      assert.deepEqual(pick(chatBody(doc)), pick(v.expected.request_body));
    });
  }

  it("kind_to_json_type_mapping: the vector's tools, plus the empty object's properties {} and additionalProperties false", () => {
    // Both reference runtimes (runtime/typescript/packages/openai/src/wire.ts propertyToJsonSchema, Python
    // providers/openai/executor.py _property_to_json_schema) give every `object` property these two keys; Prompty's own
    // conformance harness compares the vector as a projection (vector-adapters.ts `project`), so it passes there too.
    const v = byName('kind_to_json_type_mapping');
    const doc = parsePrompt(promptyFile(v), 'kinds.prompty');
    const expected = structuredClone(v.expected.request_body.tools) as Array<{ function: { parameters: { properties: Record<string, object> } } }>;
    const props = expected[0].function.parameters.properties;
    assert.deepEqual(props.an_object, { type: 'object' });
    props.an_object = { ...props.an_object, properties: {}, additionalProperties: false };
    assert.deepEqual(chatBody(doc).tools, expected);
  });

  it("responses_structured_output: the same schema, name and strict as the Responses vector's text.format", () => {
    // Promptmeter sends Chat Completions, so the Responses body does not apply; the outputs conversion is shared.
    const v = byName('responses_structured_output');
    const { type, ...format } = (v.expected.request_body.text as { format: Record<string, unknown> }).format;
    const body = chatBody(parsePrompt(promptyFile({ ...v, targetApi: 'chat' }), 'r.prompty'));
    assert.deepEqual(body.response_format, { type, json_schema: format });
  });

  it("anthropic_tool_wire: a Claude file's v2 tool goes to the Messages API as the vector's {name, description, input_schema}", () => {
    const v = byName('anthropic_tool_wire');
    const doc = parsePrompt(promptyFile(v), 'claude.prompty');
    const req = requestFromDocument(doc, { vars: {}, baseUrls: {}, workspace: '/tmp' });
    assert.equal(req.provider, 'anthropic');
    assert.deepEqual(anthropicMessageBody(req).body.tools, v.expected.request_body.tools);
  });

  // Not applicable: responses_with_tools (the Responses API's flat tool shape; Promptmeter sends Chat Completions,
  // and its Responses-shaped body exists only for OpenAI's input_tokens count, where it sets strict: false).
});

describe('Prompty tools: v1 unchanged, v2 counted, server tools named', () => {
  const v1Tools = [{ type: 'function', function: { name: 'lookup', description: 'Find a page', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } }];

  it('a v1 (OpenAI-shaped) tools list is sent exactly as written', () => {
    const doc = parsePrompt(`---\n${stringify({ model: { api: 'chat', configuration: { type: 'openai', name: 'gpt-4o' } }, tools: v1Tools })}---\nuser:\nHi\n`, 'v1.prompty');
    assert.equal(doc.tools, JSON.stringify(v1Tools));
    assert.deepEqual(chatBody(doc).tools, v1Tools);
  });

  it('a v2 file with a function tool shows a non-zero tools count on analyzePrompt, as its wire form counts', () => {
    const v = byName('tools_strict_mode');
    const analyse = (text: string) => analyzePrompt(parsePrompt(text, 't.prompty'), { model: 'gpt-4o', prices: new PriceBook(), expectedOutputTokens: 100, render: false });
    const a = analyse(promptyFile(v));
    assert.equal(a.tools?.tools, 1);
    assert.ok((a.tools?.tokens ?? 0) > 0, 'tool tokens counted');
    // The same file with the vector's expected wire tools written out (v1 shape) counts the same.
    const wire = analyse(`---\n${stringify({ model: { id: 'gpt-4o' }, tools: v.expected.request_body.tools })}---\nuser:\nGet the weather\n`);
    assert.deepEqual(a.tools, wire.tools);
  });

  it('a v2 file with outputs shows its schema on analyzePrompt', () => {
    const doc = parsePrompt(promptyFile(byName('structured_output')), 'out.prompty');
    const a = analyzePrompt(doc, { model: 'gpt-4o', prices: new PriceBook(), expectedOutputTokens: 100, render: false });
    assert.ok((a.schema?.tokens ?? 0) > 0, 'schema tokens counted');
  });

  it('a v1 response_format wins over v2 outputs', () => {
    const rf = { type: 'json_schema', json_schema: { name: 'mine', schema: { type: 'object', properties: { a: { type: 'string' } } } } };
    const doc = parsePrompt(`---\n${stringify({ model: { id: 'gpt-4o', parameters: { response_format: rf } }, outputs: [{ name: 'b', kind: 'string' }] })}---\nuser:\nHi\n`, 'both.prompty');
    assert.deepEqual(chatBody(doc).response_format, rf);
  });

  for (const kind of ['mcp', 'openapi']) {
    it(`spec tools_${kind}.prompty: the ${kind} tool is left out with a warning on the tools line`, () => {
      const text = readFileSync(path.join(CORPUS, `spec_fixtures_tools_${kind}.prompty`), 'utf8');
      const doc = parsePrompt(text, `tools_${kind}.prompty`);
      assert.equal(doc.tools, undefined);
      assert.equal(chatBody(doc).tools, undefined);
      const [p] = doc.problems;
      assert.equal(doc.problems.length, 1);
      assert.equal(p.severity, 'warning');
      assert.match(p.message, new RegExp(`Not counted or sent: \\w+ \\(${kind}\\)`));
      assert.equal(p.range.start.line, text.split('\n').findIndex((l) => l.startsWith('tools:')));
    });
  }

  it('spec tools_function.prompty: strict tool, optional parameter nullable, bound parameter stripped (§7.1.3, §7.1.4)', () => {
    const doc = parsePrompt(readFileSync(path.join(CORPUS, 'spec_fixtures_tools_function.prompty'), 'utf8'), 'tools_function.prompty');
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(chatBody(doc).tools, [{ type: 'function', function: {
      name: 'get_weather', description: 'Get the current weather in a given location', strict: true,
      parameters: { type: 'object', properties: { location: { type: ['string', 'null'], description: 'The city and state, e.g. San Francisco, CA' } }, required: ['location'], additionalProperties: false },
    } }]);
  });

  it('strict: an optional enum parameter also allows null (addNullability), and the frontmatter keeps its own list', () => {
    const tools = [{ name: 'f', kind: 'function', strict: true, parameters: { unit: { kind: 'string', enumValues: ['c', 'f'] } } }];
    const doc = parsePrompt(`---\n${stringify({ model: 'gpt-4o', tools })}---\nuser:\nHi\n`, 'enum.prompty');
    const [t] = chatBody(doc).tools as Array<{ function: { parameters: { properties: Record<string, unknown> } } }>;
    assert.deepEqual(t.function.parameters.properties.unit, { type: ['string', 'null'], enum: ['c', 'f', null] });
    assert.deepEqual((doc.frontmatter.raw.tools as typeof tools)[0].parameters.unit.enumValues, ['c', 'f']);
  });

  it('a custom-kind tool is left out and a function tool beside it is sent', () => {
    const tools = [{ name: 'search', kind: 'bing_grounding' }, { name: 'f', kind: 'function', parameters: [{ name: 'x', kind: 'integer', required: true }] }];
    const doc = parsePrompt(`---\n${stringify({ model: 'gpt-4o', tools })}---\nuser:\nHi\n`, 'mixed.prompty');
    assert.match(doc.problems[0].message, /search \(bing_grounding\)/);
    assert.deepEqual(chatBody(doc).tools, [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { x: { type: 'integer' } }, required: ['x'] } } }]);
  });
});
