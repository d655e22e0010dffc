import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePrompt } from '../../../src/core/analysis/analyze';
import { PriceBook } from '../../../src/core/pricing/prices';
import { parsePrompt } from '../../../src/core/prompt';

// The cookbook's tool request as a chat JSON prompt file (test/fixtures/tools/README.md): the file's input count
// includes its tools and equals what the API billed.
describe('analysis of a prompt file that declares tools', () => {
  const file = join(__dirname, '../../fixtures/tools/weather.chat.json');
  const doc = parsePrompt(readFileSync(file, 'utf8'), file);
  const analyze = (model: string) => analyzePrompt(doc, { model, prices: new PriceBook(), expectedOutputTokens: 10 });

  it('counts 101 input tokens on gpt-4o and gpt-4o-mini, 105 on gpt-4, tools included and not estimated', () => {
    for (const [model, billed] of [['gpt-4o', 101], ['gpt-4o-mini', 101], ['gpt-4', 105]] as const) {
      const a = analyze(model);
      assert.equal(a.inputTokens, billed, model);
      assert.equal(a.estimated, false);
      assert.equal(a.tools?.tools, 1);
    }
  });

  it('reports no tools for a file without any', () => {
    const plain = parsePrompt('{"messages": [{"role": "user", "content": "hi"}]}', 'x.chat.json');
    assert.equal(analyzePrompt(plain, { model: 'gpt-4o', prices: new PriceBook(), expectedOutputTokens: 10 }).tools, undefined);
  });

  it('the rendered count (which the cost uses) includes the tools too', () => {
    const text = [
      '---', 'model:', '  id: gpt-4o', 'inputs:', '  - name: city', '    default: San Francisco',
      'tools:', `  - ${JSON.stringify({ type: 'function', function: doc.tools ? (JSON.parse(doc.tools) as { function: unknown }[])[0].function : {} })}`,
      '---', 'system:', 'You are a helpful assistant that can answer to questions about the weather.', '', 'user:', "What's the weather like in {{city}}?", '',
    ].join('\n');
    const p = parsePrompt(text, 'w.prompty');
    const a = analyzePrompt(p, { model: 'gpt-4o', prices: new PriceBook(), expectedOutputTokens: 10 });
    assert.ok(a.tools && a.tools.tokens > 0);
    // Rendered with the default, the request is the cookbook's, which the API billed at 101.
    assert.equal(a.rendered?.inputTokens, 101);
  });
});
