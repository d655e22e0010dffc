import { strict as assert } from 'node:assert';
import { imageTokens } from '../../../src/core/tokens/images';

// Reference figures: OpenAI vision guide, "Calculating costs" (platform.openai.com/docs/guides/vision):
// 1024×1024 high = 765 (4 tiles), 2048×4096 high = 1105 (6 tiles), 4096×8192 low = 85; gpt-4o-mini: 2833 base, 5667 a tile.
describe('image tokens (OpenAI tile formula)', () => {
  it('matches the guide\'s gpt-4o examples', () => {
    assert.equal(imageTokens('gpt-4o', 1024, 1024, 'high'), 765);
    assert.equal(imageTokens('gpt-4o', 2048, 4096, 'high'), 1105);
    assert.equal(imageTokens('gpt-4o', 4096, 8192, 'low'), 85);
  });

  it('uses gpt-4o-mini\'s own base and tile rates', () => {
    assert.equal(imageTokens('gpt-4o-mini', 1024, 1024, 'high'), 2833 + 4 * 5667);
    assert.equal(imageTokens('gpt-4o-mini', 300, 200, 'low'), 2833);
  });

  it('does not enlarge a small image', () => {
    assert.equal(imageTokens('gpt-4o', 300, 200, 'high'), 85 + 170);
  });
});
