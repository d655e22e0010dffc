import * as assert from 'assert';
import * as path from 'path';
import { parsePrompt } from '../../../src/core/prompt';
import { assertRangesExact, corpusFiles, EXAMPLES, read } from './helpers';

describe('prompt.md parser', () => {
  it('reads frontmatter and the body as one user message with VS Code variables', () => {
    const text = read(path.join(EXAMPLES, 'review.prompt.md'));
    const doc = parsePrompt(text, 'review.prompt.md');
    assert.strictEqual(doc.format, 'prompt-md');
    assert.strictEqual(doc.template, 'vscode');
    assert.strictEqual(doc.frontmatter.model, 'GPT-4o');
    assert.deepStrictEqual(doc.frontmatter.raw.tools, ['codebase', 'search', 'problems']);
    assert.strictEqual(doc.messages.length, 1);
    assert.strictEqual(doc.messages[0].role, 'user');
    assert.deepStrictEqual(doc.messages[0].variables.map(v => [v.name, text.slice(v.start, v.end)]), [
      ['area', '${input:area:e.g. billing, auth, parser}'], ['selection', '${selection}'],
    ]);
    assertRangesExact(doc);
  });

  it('makes instructions files a system message', () => {
    const doc = parsePrompt('---\napplyTo: "**/*.ts"\n---\n\nUse tabs. ${input:x}\n', 'style.instructions.md');
    assert.deepStrictEqual(doc.messages.map(m => [m.role, m.content]), [['system', 'Use tabs. ${input:x}']]);
  });

  it('parses every corpus file without errors, with exact ranges', () => {
    for (const file of corpusFiles('markdown')) {
      const doc = parsePrompt(read(file), path.basename(file));
      assert.deepStrictEqual(doc.problems.filter(p => p.severity === 'error'), [], file);
      assert.strictEqual(doc.messages.length, 1, file);
      assertRangesExact(doc);
    }
  });
});
