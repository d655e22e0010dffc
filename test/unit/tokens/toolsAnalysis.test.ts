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
});
