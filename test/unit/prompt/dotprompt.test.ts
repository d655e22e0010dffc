import * as assert from 'assert';
import * as path from 'path';
import { parsePrompt } from '../../../src/core/prompt';
import { assertRangesExact, corpusFiles, EXAMPLES, FIXTURES, read } from './helpers';

/** The 1-based line each intentionally broken corpus file is expected to be reported on. */
const ERROR_LINES: Record<string, number[]> = {
  'examples_error-invalid-yaml.prompt': [6, 7, 8],
  'examples_error-multiple-issues.prompt': [26],
  'examples_error-unclosed-block.prompt': [11],
  'examples_error-unmatched-closing-block.prompt': [24],
};

describe('dotprompt parser', () => {
  it('reports a stray }} as a warning, since Handlebars renders it as text (examples_error-unbalanced-brace.prompt)', () => {
    const full = corpusFiles('dotprompt').find(f => path.basename(f) === 'examples_error-unbalanced-brace.prompt')!;
    const doc = parsePrompt(read(full), full);
    assert.deepEqual(doc.problems.map(p => [p.severity, p.range.start.line + 1]), [['warning', 24]]);
  });

  it('splits on role helpers, maps model to assistant and finds Handlebars variables', () => {
    const text = read(path.join(FIXTURES, 'examples_features.prompt'));
    const doc = parsePrompt(text, 'features.prompt');
    assert.strictEqual(doc.format, 'dotprompt');
    assert.strictEqual(doc.template, 'handlebars');
    assert.deepStrictEqual(doc.problems, []);
    assert.strictEqual(doc.frontmatter.model, 'googleai/gemini-pro');
    assert.strictEqual(doc.frontmatter.temperature, 0.7);
    assert.deepStrictEqual(doc.frontmatter.inputs.map(i => i.name), ['name', 'items', 'context', 'imageUrl']);
    assert.deepStrictEqual(doc.messages.map(m => m.role), ['system', 'user', 'assistant', 'user']);
    assert.deepStrictEqual(doc.messages[0].variables.map(v => v.name), ['context', 'items']);
    assert.deepStrictEqual(doc.messages[1].variables.map(v => [v.name, text.slice(v.start, v.end)]), [
      ['name', '{{name}}'], ['imageUrl', '{{media url=imageUrl mime="image/jpeg"}}'],
    ]);
    assert.ok(doc.messages[3].content.includes('{{history}}'));
    assert.ok(doc.messages[3].content.endsWith('{{json this indent=2}}'));
    assert.strictEqual(doc.messages[3].variables.length, 0, 'history, json and this are not inputs');
    assertRangesExact(doc);
  });

  it('reads Picoschema inputs, defaults, config and the cache TTL extension key', () => {
    const text = ['---', 'model: openai/gpt-4o', 'config:', '  maxOutputTokens: 99', '  seed: 3', 'input:', '  schema:', '    name?: string, the name',
      '    tags(array, the tags): string', '  default:', '    name: Ann', 'promptmeter.cacheTtl: 1h', 'acme.flag: true', '---',
      'Hello {{name}}{{!-- a comment with {{fake}} --}}{{! short }}', '{{#each tags}}{{this}} {{label}} {{@root.name}}{{/each}}', '{{> footer}}'].join('\n');
    const doc = parsePrompt(text, 'x.prompt');
    const fm = doc.frontmatter;
    assert.deepStrictEqual([fm.model, fm.provider, fm.maxOutputTokens, fm.seed, fm.cacheTtlSeconds], ['openai/gpt-4o', 'openai', 99, 3, 3600]);
    assert.deepStrictEqual(fm.inputs, [{ name: 'name', description: 'the name', default: 'Ann' }, { name: 'tags', description: 'the tags' }]);
    assert.strictEqual(fm.raw['acme.flag'], true);
    assert.deepStrictEqual(doc.messages.map(m => m.role), ['user']);
    assert.deepStrictEqual(doc.messages[0].variables.map(v => v.name), ['name', 'tags', 'name']);
    assert.deepStrictEqual(doc.problems, []);
    assertRangesExact(doc);
  });

  it('skips a licence header before the frontmatter', () => {
    const doc = parsePrompt('# Copyright\n#\n\n---\nmodel: m\n---\n{{role "system"}}\nHi\n', 'h.prompt');
    assert.strictEqual(doc.frontmatter.model, 'm');
    assert.deepStrictEqual(doc.messages.map(m => [m.role, m.content]), [['system', 'Hi']]);
  });

  it('treats {{#role}}…{{/role}} as a role switch', () => {
    const doc = parsePrompt('{{#role "system"}}\nA\n{{/role}}\n{{#role "user"}}\nB {{x}}\n{{/role}}\n', 'b.prompt');
    assert.deepStrictEqual(doc.messages.map(m => [m.role, m.content]), [['system', 'A'], ['user', 'B {{x}}']]);
    assert.deepStrictEqual(doc.problems, []);
  });

  for (const [file, lines] of Object.entries(ERROR_LINES)) {
    it(`reports ${file} at line ${lines.join(' or ')}`, () => {
      const full = corpusFiles('dotprompt').find(f => path.basename(f) === file) ?? (file.includes('unclosed-block') ? path.join(FIXTURES, file) : undefined);
      if (!full) return;
      const doc = parsePrompt(read(full), file);
      const errors = doc.problems.filter(p => p.severity === 'error');
      assert.ok(errors.length >= 1, 'at least one error');
      assert.ok(errors.some(e => lines.includes(e.range.start.line + 1)), errors.map(e => `${e.range.start.line + 1}: ${e.message}`).join('; '));
      assert.ok(doc.messages.length > 0, 'messages still produced');
      assertRangesExact(doc);
    });
  }

  it('still parses the warning examples without errors', () => {
    const files = corpusFiles('dotprompt').filter(f => path.basename(f).startsWith('examples_warning-'));
    for (const file of files) {
      const doc = parsePrompt(read(file), path.basename(file));
      assert.deepStrictEqual(doc.problems.filter(p => p.severity === 'error'), [], file);
      assert.ok(doc.messages[0].variables.some(v => v.name === 'name'));
    }
  });

  it('parses every corpus file without throwing, with exact ranges', () => {
    for (const file of corpusFiles('dotprompt')) {
      const doc = parsePrompt(read(file), path.basename(file));
      assert.ok(doc.messages.length > 0, file);
      assertRangesExact(doc);
    }
  });

  it('parses the example cleanly', () => {
    const doc = parsePrompt(read(path.join(EXAMPLES, 'summarize.prompt')), 'summarize.prompt');
    assert.deepStrictEqual(doc.problems, []);
    assert.deepStrictEqual(doc.messages.map(m => m.role), ['system', 'user']);
    assert.deepStrictEqual(doc.messages[1].variables.map(v => v.name), ['audience', 'bullets', 'audience', 'article']);
  });
});
