import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { build } from 'esbuild';
import { formatCost, formatCount, formatUSD, toMicros, toUSD, UNPRICED } from '../../src/core/money';
import { analyzePrompt } from '../../src/core/analysis/analyze';
import { PriceBook } from '../../src/core/pricing/prices';
import { parsePrompt } from '../../src/core/prompt';
import { messageLensTitle } from '../../src/editor/format';

describe('money formatting (src/core/money)', () => {
  it('writes dollars with thousands separators and cents', () => {
    assert.equal(formatUSD(1_234_567_890), '$1,234.57');
    assert.equal(formatUSD(12_345_678), '$12.35');
    assert.equal(formatUSD(1_000_000), '$1.00');
    assert.equal(formatUSD(2_500_000_000_000), '$2,500,000.00');
  });

  it('keeps up to four decimals under a dollar and two significant digits under a hundredth of a cent', () => {
    assert.equal(formatUSD(3100), '$0.0031');
    assert.equal(formatUSD(500_000), '$0.50');
    assert.equal(formatUSD(123_456), '$0.1235');
    assert.equal(formatUSD(40), '$0.000040');
    assert.equal(formatUSD(1), '$0.0000010');
  });

  it('writes zero as $0.00 and negatives with a leading minus', () => {
    assert.equal(formatUSD(0), '$0.00');
    assert.equal(formatUSD(-1_234_567_890), '-$1,234.57');
  });

  it('says unpriced for an unknown cost, never $0', () => {
    assert.equal(formatCost({ priced: false, totalMicros: 0 }), UNPRICED);
    assert.equal(formatCost(undefined), UNPRICED);
    assert.equal(formatCost(null, true), UNPRICED, 'an unknown estimate is still unknown, without ≈');
    assert.equal(formatUSD(Number.NaN), UNPRICED);
  });

  it('marks estimates with ≈', () => {
    assert.equal(formatCost({ priced: true, totalMicros: 3100 }, true), '≈$0.0031');
    assert.equal(formatCost(1_234_567_890), '$1,234.57');
    assert.equal(formatCount(1234, true), '≈1,234');
    assert.equal(formatCount(1234.6), '1,235');
  });

  it('never shows a priced amount under one micro-dollar as $0.00', () => {
    assert.equal(formatCost(0, false, true), '<$0.000001');
    assert.equal(formatCost(0), '$0.00', 'a true zero (a cache hit) is $0.00');
    // 'Hi' is a handful of tokens: at gpt-4o-mini's $0.15 per million it is well under a micro-dollar.
    const doc = parsePrompt('---\nmodel: gpt-4o-mini\n---\nuser:\nHi\n', 'tiny.prompty');
    const a = analyzePrompt(doc, { model: 'gpt-4o-mini', prices: new PriceBook(), expectedOutputTokens: 0 });
    const m = a.messages[a.messages.length - 1];
    assert.equal(m.inputMicros, 0);
    assert.equal(m.underOneMicro, true);
    assert.match(messageLensTitle(m.role, m.tokens, m.inputMicros, a.estimated, m.underOneMicro), /· <\$0\.000001$/);
  });

  it('converts USD and micro-dollars both ways', () => {
    assert.equal(toMicros(0.0031), 3100);
    assert.equal(toUSD(toMicros(12.345678)), 12.345678);
  });

  it('is what the spend panel bundle formats with, and that bundle holds no price catalogue', async () => {
    const root = path.resolve(__dirname, '../..');
    const out = await build({
      entryPoints: [path.join(root, 'media/src/panel.ts')], bundle: true, write: false, metafile: true,
      platform: 'browser', format: 'esm', logLevel: 'silent', absWorkingDir: root,
    });
    const inputs = Object.keys(out.metafile.inputs);
    assert.ok(inputs.includes('src/core/money.ts'), `panel bundle inputs: ${inputs.filter((i) => !i.startsWith('node_modules')).join(', ')}`);
    assert.deepEqual(inputs.filter((i) => /genai-prices|src\/core\/pricing/.test(i)), []);
  });
});
