import { strict as assert } from 'node:assert';
import { imageTokensFor, inlineImageSize, mediaTokens } from '../../../src/core/tokens/images';
import { pngDataUrl } from '../png';

const tokens = (model: string, w: number, h: number, detail: 'low' | 'high' | 'auto' = 'high') => imageTokensFor(model, w, h, detail).tokens;

// Reference figures: OpenAI vision guide, "Calculating costs" (platform.openai.com/docs/guides/images-vision):
// 1024×1024 high = 765 (4 tiles), 2048×4096 high = 1105 (6 tiles), 4096×8192 low = 85; gpt-4o-mini: 2833 base, 5667 a
// tile; patch-billed models: 1024×1024 = 1024 patches, 1800×2400 = 1452 patches, times the model's multiplier.
describe('image tokens (OpenAI tile and patch formulas)', () => {
  it('matches the guide\'s gpt-4o examples, confirmed: no ≈', () => {
    assert.equal(tokens('gpt-4o', 1024, 1024), 765);
    assert.equal(tokens('gpt-4o', 2048, 4096), 1105);
    assert.equal(tokens('gpt-4o', 4096, 8192, 'low'), 85);
    assert.equal(tokens('gpt-4o', 300, 200), 85 + 170, 'a small image is not enlarged');
    assert.equal(imageTokensFor('gpt-4o', 1024, 1024).estimated, false);
  });

  it('uses gpt-4o-mini\'s own base and tile rates: OpenAI\'s .NET SDK recorded 8607 billed = 107 of text + 2833 + 5667', () => {
    assert.equal(tokens('gpt-4o-mini', 1024, 1024), 2833 + 4 * 5667);
    assert.equal(tokens('gpt-4o-mini', 300, 200, 'low'), 2833);
    // tests/SessionRecords/ChatStoreTests/GetChatCompletionMessagesWithPagination.json (openai/openai-dotnet, MIT).
    assert.equal(8607 - 107, tokens('gpt-4o-mini', 512, 512));
  });

  it('bills gpt-4.1-mini/-nano, gpt-5-mini/-nano and o4-mini by 32-px patches, capped at 1536, times a multiplier (≈)', () => {
    assert.equal(tokens('gpt-4.1-mini', 1024, 1024), Math.ceil(1024 * 1.62));
    assert.equal(tokens('gpt-4.1-nano', 1800, 2400), Math.ceil(1452 * 2.46));
    assert.equal(tokens('o4-mini', 8000, 8000), Math.ceil(39 * 39 * 1.72), 'shrunk until whole patches fit under 1536');
    assert.equal(imageTokensFor('gpt-5-mini', 1024, 1024).estimated, true);
  });

  it('uses the guide\'s own tile rates for gpt-5 (70 + 140) and o1/o3 (75 + 150), as estimates; Claude by area/750', () => {
    assert.deepEqual(imageTokensFor('gpt-5', 1024, 1024), { tokens: 70 + 4 * 140, estimated: true });
    assert.deepEqual(imageTokensFor('o3', 1024, 1024), { tokens: 75 + 4 * 150, estimated: true });
    assert.deepEqual(imageTokensFor('claude-sonnet-4-5', 1000, 1000), { tokens: 1334, estimated: true });
  });

  it('reads an inline image\'s size from its header; a URL or a broken image has none, and a huge one is read quickly', () => {
    assert.deepEqual(inlineImageSize(pngDataUrl(640, 480)), { width: 640, height: 480 });
    assert.equal(inlineImageSize('https://example.com/cat.png'), undefined);
    assert.equal(inlineImageSize('data:image/png;base64,AAAA!!!notanimage'), undefined);
    const huge = pngDataUrl(2000, 1000) + 'A'.repeat(20_000_000);
    assert.deepEqual(inlineImageSize(huge), { width: 2000, height: 1000 });
  });

  it('counts a message\'s images: inline ones by size, a URL as a 1024×1024 one (≈)', () => {
    const sum = (parts: Parameters<typeof mediaTokens>[1]) => { const { tokens, estimated, media } = mediaTokens('gpt-4o', parts); return { tokens, estimated, media }; };
    assert.deepEqual(sum([{ type: 'text', text: 'hi' }, { type: 'media', url: pngDataUrl(512, 512) }]), { tokens: 255, estimated: false, media: 1 });
    assert.deepEqual(sum([{ type: 'media', url: pngDataUrl(512, 512), detail: 'low' }]), { tokens: 85, estimated: false, media: 1 });
    assert.deepEqual(sum([{ type: 'media', url: 'https://example.com/cat.png' }]), { tokens: 765, estimated: true, media: 1 });
    assert.deepEqual(mediaTokens('gpt-4o', [{ type: 'media', url: pngDataUrl(512, 512) }, { type: 'media', url: 'https://x/y.png' }]).each, [{ tokens: 255, estimated: false }, { tokens: 765, estimated: true }]);
  });
});
