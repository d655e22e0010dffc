// A prompt file's tool_choice is sent and counted: Mirascope's recorded request forcing its output tool was billed
// 109 prompt tokens on gpt-4o (test/fixtures/tools/recorded-agents.json, README beside it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzePrompt } from '../../../src/core/analysis/analyze';
import { requestFromDocument } from '../../../src/core/client/request';
import { anthropicMessageBody, openaiChatBody } from '../../../src/core/client/providers/bodies';
import { cacheKeyMaterial } from '../../../src/core/client/cache/key';
import { anthropicCountBody, openaiCountBody } from '../../../src/core/exact/countBody';
import { PriceBook } from '../../../src/core/pricing/prices';
import { parsePrompt } from '../../../src/core/prompt';
import { dryRunOf } from '../cli/dryRun';

interface Recorded { model: string; messages: { role: string; content: string }[]; tools: unknown[]; tool_choice: unknown; prompt_tokens: number }
const CASES = (JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/tools/recorded-agents.json'), 'utf8')) as { cases: Recorded[] }).cases;
const forced = CASES.find((c) => c.prompt_tokens === 109 && typeof c.tool_choice === 'object' && c.tool_choice !== null)!;
const chatJson = (c: Recorded, extra: object = {}) => JSON.stringify({ model: c.model, messages: c.messages, tools: c.tools, tool_choice: c.tool_choice, ...extra }, null, 2);
const prices = new PriceBook();
const opts = { vars: {}, baseUrls: {}, workspace: '/ws' };

describe('a tool_choice in a prompt file', () => {
  it('is counted: the lens shows the 109 prompt tokens billed for a forced function on gpt-4o, with no ≈', () => {
    const a = analyzePrompt(parsePrompt(chatJson(forced), 'forced.chat.json'), { model: 'gpt-4o', prices, expectedOutputTokens: 50 });
    assert.equal(a.inputTokens, 109);
    assert.equal(a.estimated, false);
    const auto = analyzePrompt(parsePrompt(chatJson(forced, { tool_choice: 'auto' }), 'auto.chat.json'), { model: 'gpt-4o', prices, expectedOutputTokens: 50 });
    assert.equal(auto.inputTokens, 109 - 16);
  });

  it('is sent in each provider\'s shape, to the counting endpoints too, and keys the cache', () => {
    const req = requestFromDocument(parsePrompt(chatJson(forced), 'forced.chat.json'), opts);
    assert.deepEqual(req.toolChoice, { function: '__mirascope_formatted_output_tool__' });
    assert.deepEqual(openaiChatBody(req, undefined, true).tool_choice, forced.tool_choice);
    assert.deepEqual(openaiCountBody(req).tool_choice, { type: 'function', name: '__mirascope_formatted_output_tool__' });
    const claude = { ...req, provider: 'anthropic' as const, model: 'claude-sonnet-4-5' };
    assert.deepEqual(anthropicMessageBody(claude).body.tool_choice, { type: 'tool', name: '__mirascope_formatted_output_tool__' });
    assert.deepEqual(anthropicCountBody(claude).tool_choice, { type: 'tool', name: '__mirascope_formatted_output_tool__' });
    assert.notDeepEqual(cacheKeyMaterial(req), cacheKeyMaterial({ ...req, toolChoice: 'auto' }));
  });

  it('is left out without tools, and an unknown value is ignored rather than sent', () => {
    const noTools = requestFromDocument(parsePrompt(JSON.stringify({ model: 'gpt-4o', messages: forced.messages, tool_choice: 'required' }), 'a.chat.json'), opts);
    assert.equal(noTools.toolChoice, undefined);
    assert.equal(openaiChatBody(noTools, undefined, true).tool_choice, undefined);
    const odd = requestFromDocument(parsePrompt(chatJson(forced, { tool_choice: 'sometimes' }), 'b.chat.json'), opts);
    assert.equal(odd.toolChoice, undefined);
  });

  it('a Prompty v1 file\'s model.parameters.tools and tool_choice are read, as its runtime passes them through', () => {
    const doc = parsePrompt('---\nmodel:\n  configuration: {type: openai, name: gpt-4o}\n  parameters:\n    tools:\n      - {type: function, function: {name: lookup, parameters: {type: object, properties: {q: {type: string}}}}}\n    tool_choice: {type: function, function: {name: lookup}}\n---\nuser:\nFind it\n', 'a.prompty');
    const req = requestFromDocument(doc, opts);
    assert.equal(req.tools?.length, 1);
    assert.deepEqual(req.toolChoice, { function: 'lookup' });
    const a = analyzePrompt(doc, { model: 'gpt-4o', prices, expectedOutputTokens: 10 });
    assert.equal(a.tools?.tools, 1);
  });

  it('run --dry-run --json prints it in the request and counts it', async () => {
    const printed = await dryRunOf<{ request: { toolChoice?: unknown }; estimate: { inputTokens: number } }>('forced.chat.json', chatJson(forced));
    assert.deepEqual(printed.request.toolChoice, { function: '__mirascope_formatted_output_tool__' });
    assert.equal(printed.estimate.inputTokens, 109);
  });
});
