// Issue 10 acceptance "Rendered counts": for every example with defaults, the rendered count the lens shows equals
// a count of the rendered request that `run --dry-run --json` prints.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzePrompt, resolveModel } from '../../../src/core/analysis/analyze';
import { dryRunJson } from '../cli/dryRun';
import { fileLensTitle } from '../../../src/editor/format';
import { PriceBook } from '../../../src/core/pricing/prices';
import { parsePrompt } from '../../../src/core/prompt';
import { partialsBeside } from '../../../src/core/render';
import { hasRenderValues } from '../../../src/core/render/renderedCount';
import { countChat } from '../../../src/core/tokens';
import { countRequestExtras } from '../../../src/core/tokens/tools';
import type { ResponseSchema } from '../../../src/core/prompt/responseFormat';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

type Printed = { request: { model: string; tools?: unknown[]; responseSchema?: ResponseSchema; messages: Array<{ role: string; content: string; name?: string; parts?: unknown[] }> } };
const dryRun = (file: string) => dryRunJson<Printed>(file, EXAMPLES);

describe('rendered counts of the examples', () => {
  const prices = new PriceBook();
  const withDefaults = readdirSync(EXAMPLES).filter((f) => hasRenderValues(parsePrompt(readFileSync(path.join(EXAMPLES, f), 'utf8'), f)));

  it('finds examples with defaults (support.prompty, summarize.prompt)', () => {
    assert.ok(withDefaults.includes('support.prompty') && withDefaults.includes('summarize.prompt'), withDefaults.join(', '));
  });

  for (const f of withDefaults) {
    it(`${f}: the rendered count equals a count of the request run --dry-run --json prints`, async () => {
      const file = path.join(EXAMPLES, f);
      const doc = parsePrompt(readFileSync(file, 'utf8'), file);
      const model = resolveModel(doc, undefined, 'gpt-4o');
      const a = analyzePrompt(doc, { model, prices, expectedOutputTokens: 500, render: { resolvePartial: partialsBeside(file) } });
      assert.ok(a.rendered, a.renderError);
      const { request } = await dryRun(f);
      assert.ok(request.messages.every((m) => !m.parts), 'text only, so the count below is the whole request');
      const printed = countChat(model, request.messages).inputTokens + countRequestExtras(model, request.messages, { tools: request.tools, schema: request.responseSchema }).tokens;
      assert.equal(a.rendered.inputTokens, printed);
      assert.notEqual(a.rendered.inputTokens, a.inputTokens, 'the defaults change the count');
      // The cost is priced on the rendered figure.
      assert.match(fileLensTitle(a), new RegExp(`^[≈]?${a.inputTokens.toLocaleString('en-US')} in template · [≈]?${a.rendered.inputTokens.toLocaleString('en-US')} rendered \\+`));
      const fromTemplate = analyzePrompt(doc, { model, prices, expectedOutputTokens: 500, render: false });
      if (a.cost.priced) assert.notEqual(a.cost.inputMicros, fromTemplate.cost.inputMicros);
      const sent = request.messages.map((m) => m.content).join('\n');
      for (const u of a.rendered.used) if (typeof u.value === 'string') assert.ok(sent.includes(u.value), `${u.name}'s default is in the request`);
    });
  }
});
