import * as assert from 'assert';
import * as path from 'path';
import { parsePrompt } from '../../../src/core/prompt';
import { assertRangesExact, EXAMPLES, read } from './helpers';

describe('chat JSON parser', () => {
  it('reads the OpenAI cookbook example with name fields and literal ranges', () => {
    const text = read(path.join(EXAMPLES, 'cookbook.chat.json'));
    const doc = parsePrompt(text, 'cookbook.chat.json');
    assert.strictEqual(doc.format, 'chat-json');
    assert.deepStrictEqual(doc.problems, []);
    assert.strictEqual(doc.frontmatter.model, 'gpt-4');
    assert.deepStrictEqual(doc.messages.map(m => [m.role, m.name ?? null]), [
      ['system', null], ['system', 'example_user'], ['system', 'example_assistant'],
      ['system', 'example_user'], ['system', 'example_assistant'], ['user', null],
    ]);
    assert.strictEqual(doc.messages[5].content, "This late pivot means we don't have time to boil the ocean for the client deliverable.");
    for (const m of doc.messages) assert.strictEqual(text.slice(m.start, m.end), JSON.stringify(m.content));
    assertRangesExact(doc, true);
  });

  it('reads the Anthropic shape: system blocks first, cache_control marks and block indexes', () => {
    const text = JSON.stringify({
      model: 'claude-sonnet-4-5', max_tokens: 100,
      tools: [{ name: 't', input_schema: {} }, { name: 'u', input_schema: {}, cache_control: { type: 'ephemeral' } }],
      system: [{ type: 'text', text: 'S1' }, { type: 'text', text: 'S2', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        { role: 'user', content: [{ type: 'image', source: {} }, { type: 'text', text: 'Q "1"', cache_control: { type: 'ephemeral' } }] },
        { role: 'assistant', content: 'A' },
      ],
    }, null, 1);
    const doc = parsePrompt(text, 'a.chat.json');
    assert.deepStrictEqual(doc.problems, []);
    assert.strictEqual(doc.frontmatter.provider, 'anthropic');
    assert.strictEqual(doc.frontmatter.maxOutputTokens, 100);
    assert.deepStrictEqual(JSON.parse(doc.tools!).map((t: { name: string }) => t.name), ['t', 'u']);
    assert.deepStrictEqual(doc.toolCacheMarks, [{ type: 'ephemeral', blockIndex: 1 }]);
    assert.deepStrictEqual(doc.messages.map(m => [m.role, m.content, m.blocks]), [['system', 'S1\nS2', 2], ['user', 'Q "1"', 2], ['assistant', 'A', 1]]);
    assert.deepStrictEqual(doc.messages[0].cacheMarks, [{ type: 'ephemeral', ttl: '1h', blockIndex: 3 }]);
    assert.deepStrictEqual(doc.messages[1].cacheMarks, [{ type: 'ephemeral', blockIndex: 5 }]);
    assert.strictEqual(text.slice(doc.messages[1].start, doc.messages[1].end), '"Q \\"1\\""');
    assertRangesExact(doc, true);
  });

  it('reads the Anthropic example file', () => {
    const doc = parsePrompt(read(path.join(EXAMPLES, 'anthropic.chat.json')), 'anthropic.chat.json');
    assert.deepStrictEqual(doc.problems, []);
    assert.deepStrictEqual(doc.messages[0].cacheMarks, [{ type: 'ephemeral', ttl: '1h', blockIndex: 1 }]);
  });

  it('joins text parts with newlines and reads a bare array', () => {
    const text = '[{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"b\\u0021"}]}]';
    const doc = parsePrompt(text, 'x.prompt.json');
    assert.deepStrictEqual(doc.messages.map(m => [m.content, m.blocks]), [['a\nb!', 3]]);
    assert.strictEqual(text.slice(doc.messages[0].start, doc.messages[0].end), '"a"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"b\\u0021"');
  });

  it('reports a JSON error at its offset and keeps the messages before it', () => {
    const text = '{"messages": [\n  {"role": "system", "content": "ok"},\n  {"role": "user", "content": "x" oops}\n]}';
    const doc = parsePrompt(text, 'b.chat.json');
    const [error] = doc.problems;
    assert.strictEqual(error.severity, 'error');
    assert.deepStrictEqual(error.range.start, { line: 2, character: 34 });
    assert.deepStrictEqual(doc.messages.map(m => m.content), ['ok', 'x']);
  });

  it('never throws on arbitrary text', () => {
    for (const text of ['', '{', '[1,', '{"messages": 3}', '"\\q"', '{"a":1}}', '/* c */ []', '[{"content": null}]']) {
      const doc = parsePrompt(text, 'z.chat.json');
      assert.ok(Array.isArray(doc.problems));
    }
  });
});
