// Images in chat JSON prompt files: counted on the lens (by size when inline, per OpenAI's vision guide) and sent.
import assert from 'node:assert/strict';
import { analyzePrompt } from '../../../src/core/analysis/analyze';
import { requestFromDocument } from '../../../src/core/client/request';
import { cacheKeyMaterial } from '../../../src/core/client/cache/key';
import { anthropicCountBody, openaiCountBody } from '../../../src/core/exact/countBody';
import { anthropicMessageBody, openaiChatBody } from '../../../src/core/client/providers/bodies';
import { PriceBook } from '../../../src/core/pricing/prices';
import { parsePrompt } from '../../../src/core/prompt';
import { dryRunOf } from '../cli/dryRun';
import { pngDataUrl } from '../png';

const prices = new PriceBook();
const chat = (model: string, image: unknown) => JSON.stringify({ model, messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, image] }] }, null, 2);
const analyze = (text: string, model = 'gpt-4o') => analyzePrompt(parsePrompt(text, 'look.chat.json'), { model, prices, expectedOutputTokens: 10 });
const textOnly = analyze(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }] }] }));

describe('images in a chat JSON prompt file', () => {
  it('an inline 1024×1024 image at high detail adds the guide\'s 765 on gpt-4o, to the file and its message, without ≈', () => {
    const a = analyze(chat('gpt-4o', { type: 'image_url', image_url: { url: pngDataUrl(1024, 1024), detail: 'high' } }));
    assert.equal(a.inputTokens, textOnly.inputTokens + 765);
    assert.equal(a.messages[0].tokens, textOnly.messages[0].tokens + 765);
    assert.equal(a.estimated, false);
    assert.equal(a.messages[0].estimated, false);
    // The image's own figure, for a lens on the image block's first line.
    const [image] = a.messages[0].images!;
    assert.equal(image.tokens, 765);
    assert.equal(image.estimated, false);
    const lines = chat('gpt-4o', { type: 'image_url', image_url: { url: pngDataUrl(1024, 1024), detail: 'high' } }).split('\n');
    assert.equal(image.range.start.line, lines.findIndex((l) => l.includes('"image_url"')) - 1);
    assert.equal(image.inputMicros, Math.round(765 * 2.5));
  });

  it('an image by URL counts as a 1024×1024 one, marked ≈; so does an inline one on a model whose formula is unconfirmed', () => {
    const url = analyze(chat('gpt-4o', { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }));
    assert.equal(url.inputTokens, textOnly.inputTokens + 765);
    assert.equal(url.estimated, true);
    assert.equal(analyze(chat('gpt-5', { type: 'image_url', image_url: { url: pngDataUrl(1024, 1024) } }), 'gpt-5').estimated, true);
  });

  it('reads Responses (input_image) and Anthropic (base64 source) image blocks too', () => {
    const responses = analyze(chat('gpt-4o', { type: 'input_image', image_url: pngDataUrl(512, 512), detail: 'low' }));
    assert.equal(responses.inputTokens, textOnly.inputTokens + 85);
    const b64 = pngDataUrl(1000, 1000).split(',')[1];
    const claude = analyze(chat('claude-sonnet-4-5', { type: 'image', source: { type: 'base64', media_type: 'image/png', data: b64 } }), 'claude-sonnet-4-5');
    const claudeText = analyze(JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'What is in this picture?' }] }), 'claude-sonnet-4-5');
    assert.equal(claude.inputTokens - claudeText.inputTokens, 1334);
  });

  it('is sent: the OpenAI body carries the image_url part with its detail, the Anthropic body a base64 image block', () => {
    const url = pngDataUrl(640, 480);
    const doc = parsePrompt(chat('gpt-4o', { type: 'image_url', image_url: { url, detail: 'low' } }), 'look.chat.json');
    const req = requestFromDocument(doc, { vars: {}, baseUrls: {}, workspace: '/ws' });
    const body = openaiChatBody(req, undefined, true) as unknown as { messages: { content: unknown }[] };
    assert.deepEqual(body.messages[0].content, [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url, detail: 'low' } }]);
    const claude = anthropicMessageBody({ ...req, provider: 'anthropic', model: 'claude-sonnet-4-5' }).body as unknown as { messages: { content: { type: string; source?: { type: string; data: string } }[] }[] };
    assert.deepEqual(claude.messages[0].content[1].source, { type: 'base64', media_type: 'image/png', data: url.split(',')[1] });
  });

  it('Count Exactly sends the image too: as a Responses input_image at its detail, and in Anthropic\'s count body', () => {
    const url = pngDataUrl(640, 480);
    const req = requestFromDocument(parsePrompt(chat('gpt-4o', { type: 'image_url', image_url: { url, detail: 'high' } }), 'look.chat.json'), { vars: {}, baseUrls: {}, workspace: '/ws' });
    const input = openaiCountBody(req).input as { content: unknown }[];
    assert.deepEqual(input[0].content, [{ type: 'input_text', text: 'What is in this picture?' }, { type: 'input_image', image_url: url, detail: 'high' }]);
    const claude = anthropicCountBody({ ...req, provider: 'anthropic', model: 'claude-sonnet-4-5' }).messages as { content: { type: string }[] }[];
    assert.equal(claude[0].content[1].type, 'image');
  });

  it('keys the cache: the same text with another image is another request', () => {
    const req = (url: string) => requestFromDocument(parsePrompt(chat('gpt-4o', { type: 'image_url', image_url: { url } }), 'look.chat.json'), { vars: {}, baseUrls: {}, workspace: '/ws' });
    assert.notDeepEqual(cacheKeyMaterial(req(pngDataUrl(10, 10))), cacheKeyMaterial(req(pngDataUrl(20, 20))));
    const plain = requestFromDocument(parsePrompt(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }), 'p.chat.json'), { vars: {}, baseUrls: {}, workspace: '/ws' });
    assert.equal('parts' in (cacheKeyMaterial(plain).messages as object[])[0], false);
  });

  it('run --dry-run --json prints the image in the request and the lens\'s count', async () => {
    const text = chat('gpt-4o', { type: 'image_url', image_url: { url: pngDataUrl(1024, 1024), detail: 'high' } });
    const printed = await dryRunOf<{ request: { messages: { parts?: unknown[] }[] }; estimate: { inputTokens: number } }>('look.chat.json', text);
    assert.equal(printed.request.messages[0].parts?.length, 2);
    assert.equal(printed.estimate.inputTokens, analyze(text).inputTokens);
  });
});
