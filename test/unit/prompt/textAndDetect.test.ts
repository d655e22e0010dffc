import * as assert from 'assert';
import * as path from 'path';
import { detectFormat, parsePrompt } from '../../../src/core/prompt';
import { assertRangesExact, EXAMPLES, read } from './helpers';

describe('detectFormat', () => {
  it('detects by file name', () => {
    const cases: [string, string | undefined][] = [
      ['a.prompty', 'prompty'], ['dir/a.prompt', 'dotprompt'], ['a.prompt.md', 'prompt-md'], ['A.Instructions.md', 'prompt-md'],
      ['x.agent.md', 'prompt-md'], ['x.chatmode.md', 'prompt-md'], ['a.prompt.txt', 'text'], ['a.prompt.json', 'chat-json'],
      ['a.chat.json', 'chat-json'], ['README.md', undefined], ['notes.txt', undefined], ['package.json', undefined],
    ];
    for (const [name, format] of cases) assert.strictEqual(detectFormat(name), format, name);
  });

  it('detects other JSON files by content only', () => {
    assert.strictEqual(detectFormat('req.json', '{"model":"x","messages":[{"role":"user","content":"hi"}]}'), 'chat-json');
    assert.strictEqual(detectFormat('req.json', '[{"role":"user","content":"hi"}]'), 'chat-json');
    assert.strictEqual(detectFormat('package.json', '{"name":"x","scripts":{}}'), undefined);
    assert.strictEqual(detectFormat('list.json', '[{"id":1}]'), undefined);
  });
});

describe('text parser', () => {
  it('reads a plain prompt as one user message', () => {
    const text = read(path.join(EXAMPLES, 'plain.prompt.txt'));
    const doc = parsePrompt(text, 'plain.prompt.txt');
    assert.strictEqual(doc.format, 'text');
    assert.deepStrictEqual(doc.messages.map(m => m.role), ['user']);
    assert.deepStrictEqual(doc.messages[0].variables.map(v => v.name), ['pull_requests']);
    assertRangesExact(doc);
  });

  it('splits on Prompty-style role lines when present', () => {
    const doc = parsePrompt('\nsystem:\nBe nice.\n\nuser:\nHi\n', 'p.prompt.txt');
    assert.deepStrictEqual(doc.messages.map(m => [m.role, m.content]), [['system', 'Be nice.'], ['user', 'Hi']]);
    assertRangesExact(doc);
  });

  it('uses a caller-provided fallback format for .md files', () => {
    const doc = parsePrompt('# Title\n\nDo things.', 'prompts/a.md', 'text');
    assert.deepStrictEqual(doc.messages.map(m => [m.role, m.content]), [['user', '# Title\n\nDo things.']]);
  });
});
