// OpenAI's own .NET SDK records its tests against the live API (tests/SessionRecords, test/fixtures/tools/README.md):
// every gpt-4o and gpt-4o-mini chat request there, read as a chat JSON prompt file, shows the prompt tokens billed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzePrompt } from '../../../src/core/analysis/analyze';
import { requestFromDocument } from '../../../src/core/client/request';
import { PriceBook } from '../../../src/core/pricing/prices';
import { parsePrompt } from '../../../src/core/prompt';

interface Recorded { source: { path: string; interaction: number }; model: string; request: Record<string, unknown>; prompt_tokens: number }
const CASES = (JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/tools/recorded-openai-dotnet.json'), 'utf8')) as { cases: Recorded[] }).cases;
const prices = new PriceBook();
const analyze = (c: Recorded) => analyzePrompt(parsePrompt(JSON.stringify({ model: c.model, ...c.request }), 'x.chat.json'), { model: c.model, prices, expectedOutputTokens: 1 });
const named = (part: string) => CASES.filter((c) => c.source.path.includes(part));

describe('recorded requests of OpenAI\'s .NET SDK (gpt-4o, gpt-4o-mini)', () => {
  it('every request the lens shows without ≈ is the figure billed; the one miss is a schema marked ≈', () => {
    assert.ok(CASES.length >= 50);
    const misses = CASES.filter((c) => analyze(c).inputTokens !== c.prompt_tokens);
    for (const c of CASES.filter((x) => !analyze(x).estimated)) assert.equal(analyze(c).inputTokens, c.prompt_tokens, `${c.source.path}#${c.source.interaction}`);
    // NonStrictJsonSchemaWorks: a schema with no properties, 1 under; its share is always an estimate.
    assert.deepEqual(misses.map((c) => path.basename(c.source.path)), ['NonStrictJsonSchemaWorks.json']);
    assert.ok(misses.every((c) => analyze(c).schema?.estimated));
  });

  it('parameters that allow extra keys are shown an index signature: 95 billed against 88 when strict', () => {
    const open = named('StructuredOutputs(WithSchema,NotStrict)');
    const strict = named('StructuredOutputs(WithSchema,Strict)');
    assert.deepEqual([...open, ...strict].map((c) => c.prompt_tokens), [95, 88]);
    for (const c of [...open, ...strict]) {
      const a = analyze(c);
      assert.equal(a.inputTokens, c.prompt_tokens);
      assert.equal(a.tools?.estimated, false);
    }
  });

  it('the deprecated functions are counted as the function tools they are billed as (75), and sent as tools', () => {
    const [c] = named('FunctionsWork');
    assert.equal(c.prompt_tokens, 75);
    const a = analyze(c);
    assert.equal(a.inputTokens, 75);
    assert.equal(a.tools?.tools, 1);
    const doc = parsePrompt(JSON.stringify({ model: c.model, ...c.request, function_call: { name: 'get_favorite_color_for_month' } }), 'f.chat.json');
    const req = requestFromDocument(doc, { vars: {}, baseUrls: {}, workspace: '/ws' });
    assert.deepEqual(req.tools, [{ type: 'function', function: (c.request.functions as unknown[])[0] }]);
    assert.deepEqual(req.toolChoice, { function: 'get_favorite_color_for_month' });
  });
});
