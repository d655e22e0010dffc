import { strict as assert } from 'node:assert';
import { formatCost } from '../../../src/core/money';
import { PriceBook } from '../../../src/core/pricing/prices';
import { ZERO_USAGE } from '../../../src/core/pricing/usage';
import { calcPrice } from '@pydantic/genai-prices';

describe('prices', () => {
  const book = new PriceBook({ 'my-model': { input: 1, output: 2, cacheRead: 0.1 } });

  it('prices catalogue models the same as genai-prices', () => {
    const usage = { ...ZERO_USAGE, inputUncached: 1000, cacheRead: 3000, output: 500 };
    const ours = book.cost(usage, 'gpt-4o');
    const theirs = calcPrice({ input_tokens: 4000, cache_read_tokens: 3000, output_tokens: 500 }, 'gpt-4o')!;
    assert.equal(ours.totalMicros, Math.round(theirs.total_price * 1e6));
    assert.equal(ours.cacheReadMicros, 3750);
  });

  it('applies long-context tiers on the whole request', () => {
    const big = book.cost({ ...ZERO_USAGE, inputUncached: 250_000 }, 'claude-sonnet-4-5');
    assert.equal(big.inputMicros, 250_000 * 6);
  });

  it('lets settings add and override models', () => {
    const c = book.cost({ ...ZERO_USAGE, inputUncached: 1_000_000, cacheRead: 1_000_000, output: 1_000_000 }, 'my-model');
    assert.deepEqual([c.inputMicros, c.cacheReadMicros, c.outputMicros], [1_000_000, 100_000, 2_000_000]);
    assert.equal(book.lookup('my-model')?.source, 'settings');
  });

  it('says unpriced for unknown models, never $0', () => {
    const c = book.cost({ ...ZERO_USAGE, inputUncached: 10 }, 'totally-unknown-model');
    assert.equal(c.priced, false);
    assert.equal(formatCost(c), 'unpriced');
  });
});
