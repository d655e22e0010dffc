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

  // Anthropic bills web search at $10 per 1,000 searches on top of tokens
  // (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool#usage-and-pricing).
  it('adds the catalogue per-search price for server web searches (Anthropic: $10 per 1,000)', () => {
    const tokens = { ...ZERO_USAGE, inputUncached: 105, cacheRead: 7123, cacheWrite5m: 7345, output: 6039 };
    const plain = book.cost(tokens, 'claude-sonnet-4-5', 'anthropic');
    const searched = book.cost({ ...tokens, webSearches: 3 }, 'claude-sonnet-4-5', 'anthropic');
    assert.equal(book.lookup('claude-sonnet-4-5', 'anthropic')?.fees?.webSearchPer1k, 10);
    assert.equal(searched.priced, true);
    assert.equal(searched.feesMicros, 30_000);
    assert.equal(searched.totalMicros - plain.totalMicros, 30_000);
    const theirs = calcPrice({ input_tokens: 105 + 7123 + 7345, cache_read_tokens: 7123, cache_write_tokens: 7345, output_tokens: 6039, web_searches: 3 } as never,
      'claude-sonnet-4-5', { providerId: 'anthropic' })!;
    assert.equal(searched.totalMicros, Math.round(theirs.total_price * 1e6), 'same total as genai-prices');
  });

  it('flags a per-request fee the catalogue does not know as unpriced, never $0', () => {
    const c = book.cost({ ...ZERO_USAGE, inputUncached: 10, webSearches: 1 }, 'my-model');
    assert.equal(c.priced, false);
    assert.match(c.unpricedFee!, /1 web search/);
    assert.equal(formatCost(c), 'unpriced');
    const withFee = new PriceBook({ 'my-model': { input: 1, output: 2, webSearchPer1k: 25 } });
    assert.equal(withFee.cost({ ...ZERO_USAGE, webSearches: 2 }, 'my-model').totalMicros, 50_000);
  });
});
