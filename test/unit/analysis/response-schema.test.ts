// Issue 10 "Tools": a prompt file with two function tools and a JSON schema shows on its lens the prompt tokens the
// API billed for that request (test/fixtures/tools/README.md), sends the schema, and its dry run prints the same count.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzePrompt } from '../../../src/core/analysis/analyze';
import { requestFromDocument } from '../../../src/core/client/request';
import { openaiChatBody } from '../../../src/core/client/providers/bodies';
import { cacheKeyMaterial } from '../../../src/core/client/cache/key';
import { openaiCountBody } from '../../../src/core/exact/countBody';
import { PriceBook } from '../../../src/core/pricing/prices';
import { parsePrompt } from '../../../src/core/prompt';
import { dryRunOf } from '../cli/dryRun';
import { fileLensTitle, schemaLensTitle } from '../../../src/editor/format';

interface Recorded { model: string; messages: { role: string; content: string }[]; tools: unknown[]; response_format: { json_schema: { name: string } }; prompt_tokens: number }
const CASES = (JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/tools/recorded-json-schema.json'), 'utf8')) as { cases: Recorded[] }).cases;
const prices = new PriceBook();
/** The recorded request as a chat JSON prompt file. */
const chatJson = (c: Recorded) => JSON.stringify({ model: c.model, messages: c.messages, tools: c.tools, response_format: c.response_format }, null, 2);
const twoTools = CASES.find((c) => c.model === 'gpt-4o' && c.tools.length === 2)!;
const oneToolMini = CASES.filter((c) => c.model === 'gpt-4o-mini' && c.tools.length === 1);
interface Pair { sources: Record<'gpt-4o' | 'gpt-4o-mini', { prompt_tokens: number }>; request: { messages: unknown[]; tools?: unknown[]; tool_choice?: unknown; response_format?: unknown } }
const PAIRS = (JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/tools/recorded-model-pairs.json'), 'utf8')) as { cases: Pair[] }).cases;

describe('a JSON schema response format in a prompt file', () => {
  it('two function tools and a JSON schema on gpt-4o: the lens shows the 613 prompt tokens billed, marked ≈ for the schema', () => {
    const a = analyzePrompt(parsePrompt(chatJson(twoTools), 'manager.chat.json'), { model: 'gpt-4o', prices, expectedOutputTokens: 100 });
    assert.equal(a.inputTokens, 613);
    assert.equal(a.tools?.tools, 2);
    assert.equal(a.tools?.estimated, false);
    // The schema rule misses some recorded schemas by a few tokens, so its share is an explicit estimate.
    assert.ok(a.schema && a.schema.estimated && a.schema.tokens > 0);
    assert.match(fileLensTitle(a), /^≈613 in \+ 100 out · ≈\$[\d.]+\/call · gpt-4o$/);
    assert.match(schemaLensTitle(a.schema, 2.5), /^response schema · ≈\d+ tokens · ≈\$/);
    assert.ok(a.messages.every((m) => !m.estimated), 'the messages themselves stay exact');
  });

  it('a function tool and a JSON schema on gpt-4o-mini: the lens shows 166 and 188 as billed', () => {
    assert.deepEqual(oneToolMini.map((c) => c.prompt_tokens).sort(), [166, 188]);
    for (const c of oneToolMini) {
      const a = analyzePrompt(parsePrompt(chatJson(c), 'x.chat.json'), { model: 'gpt-4o-mini', prices, expectedOutputTokens: 100 });
      assert.equal(a.inputTokens, c.prompt_tokens);
      assert.equal(a.tools?.estimated, false);
    }
  });

  // No recording of two tools and a schema on gpt-4o-mini could be found; 14 identical requests recorded on both
  // models (recorded-model-pairs.json: tools, a forced tool, schemas, a tool with a schema) were billed the same.
  it('gpt-4o-mini bills a request as gpt-4o does, in 14 recorded pairs, so the two tools and schema count 613 on it too', () => {
    for (const p of PAIRS) assert.equal(p.sources['gpt-4o-mini'].prompt_tokens, p.sources['gpt-4o'].prompt_tokens);
    assert.ok(PAIRS.some((p) => p.request.tools?.length && p.request.response_format), 'a pair with a tool and a schema');
    let exact = 0;
    for (const p of PAIRS) {
      const [big, mini] = (['gpt-4o', 'gpt-4o-mini'] as const).map((model) =>
        analyzePrompt(parsePrompt(JSON.stringify({ model, ...p.request }), 'pair.chat.json'), { model, prices, expectedOutputTokens: 1 }));
      assert.equal(mini.inputTokens, big.inputTokens);
      if (!big.estimated) { assert.equal(big.inputTokens, p.sources['gpt-4o'].prompt_tokens); exact++; }
    }
    assert.equal(exact, 10);
    const a = analyzePrompt(parsePrompt(chatJson({ ...twoTools, model: 'gpt-4o-mini' }), 'manager.chat.json'), { model: 'gpt-4o-mini', prices, expectedOutputTokens: 100 });
    assert.equal(a.inputTokens, 613);
    assert.equal(a.tools?.estimated, false);
    assert.match(fileLensTitle(a), /^≈613 in \+ 100 out · ≈\$[\d.]+\/call · gpt-4o-mini$/);
  });

  it('is sent as the json_schema response format, counted exactly by the Responses counting body, and keys the cache', () => {
    const doc = parsePrompt(chatJson(twoTools), 'manager.chat.json');
    const req = requestFromDocument(doc, { vars: {}, baseUrls: {}, workspace: '/ws' });
    assert.equal(req.responseSchema?.name, 'ScoreOutput');
    const body = openaiChatBody(req, undefined, true);
    assert.deepEqual(body.response_format, twoTools.response_format);
    assert.deepEqual(openaiCountBody(req).text, { format: { type: 'json_schema', ...(twoTools.response_format.json_schema as object) } });
    const other = { ...req, responseSchema: { ...req.responseSchema!, name: 'Other' } };
    assert.notDeepEqual(cacheKeyMaterial(req), cacheKeyMaterial(other));
  });

  it('a Prompty file\'s model.parameters.response_format is read the same way', () => {
    const doc = parsePrompt('---\nmodel:\n  configuration: {type: openai, name: gpt-4o}\n  parameters:\n    response_format:\n      type: json_schema\n      json_schema: {name: City, strict: true, schema: {type: object, properties: {city: {type: string}}, required: [city], additionalProperties: false}}\n---\nuser:\nWhere?\n', 'a.prompty');
    const a = analyzePrompt(doc, { model: 'gpt-4o', prices, expectedOutputTokens: 10 });
    assert.ok(a.schema);
    const plain = analyzePrompt(parsePrompt('---\nmodel:\n  configuration: {type: openai, name: gpt-4o}\n---\nuser:\nWhere?\n', 'b.prompty'), { model: 'gpt-4o', prices, expectedOutputTokens: 10 });
    assert.equal(a.inputTokens, plain.inputTokens + a.schema.tokens);
    assert.equal(requestFromDocument(doc, { vars: {}, baseUrls: {}, workspace: '/ws' }).responseSchema?.name, 'City');
  });

  it('examples/triage.chat.json: the schema keeps the file and schema figures ≈, its tools and messages stay exact', () => {
    const file = path.join(__dirname, '../../../examples/triage.chat.json');
    const a = analyzePrompt(parsePrompt(readFileSync(file, 'utf8'), file), { model: 'gpt-4o-mini', prices, expectedOutputTokens: 300 });
    assert.equal(a.tools?.tools, 2);
    assert.equal(a.tools?.estimated, false);
    assert.equal(a.schema?.estimated, true);
    assert.match(fileLensTitle(a), /^≈/);
    assert.ok(a.messages.length === 2 && a.messages.every((m) => !m.estimated));
  });

  it('run --dry-run --json prints the schema in the request and the lens\'s count as its estimate', async () => {
    const printed = await dryRunOf<{ request: { responseSchema?: { name: string } }; estimate: { inputTokens: number; estimated: boolean } }>('manager.chat.json', chatJson(twoTools));
    assert.equal(printed.request.responseSchema?.name, 'ScoreOutput');
    assert.deepEqual(printed.estimate.inputTokens, 613);
    assert.equal(printed.estimate.estimated, true);
  });
});
