import * as assert from 'assert';
import * as path from 'path';
import { parsePrompt } from '../../../src/core/prompt';
import { assertRangesExact, corpusFiles, EXAMPLES, FIXTURES, read } from './helpers';

describe('prompty parser', () => {
  it('reads v2 frontmatter and splits role lines with exact ranges', () => {
    const text = [
      '---', 'name: t', 'model:', '  id: gpt-4o', '  provider: openai', '  options:', '    temperature: 0.2', '    maxOutputTokens: 300', '    seed: 7',
      'inputs:', '  - name: question', '    default: Why?', '  - name: items', 'promptmeter:', '  cacheTtl: 600', 'custom: kept', '---',
      'Intro text.', '', '# System:', '  Be brief about {{ question | trim }}.', '{% for x in items %}- {{ x.name }}{% endfor %}', '',
      'user[name="Alice", nonce=abc]:', '{{question}}', '', 'ASSISTANT:', '', '',
    ].join('\n');
    const doc = parsePrompt(text, 'a.prompty');
    assert.strictEqual(doc.format, 'prompty');
    assert.strictEqual(doc.template, 'jinja2');
    assert.deepStrictEqual(doc.problems, []);
    const fm = doc.frontmatter;
    assert.deepStrictEqual([fm.model, fm.provider, fm.temperature, fm.maxOutputTokens, fm.seed, fm.cacheTtlSeconds], ['gpt-4o', 'openai', 0.2, 300, 7, 600]);
    assert.deepStrictEqual(fm.inputs, [{ name: 'question', default: 'Why?' }, { name: 'items' }]);
    assert.strictEqual(fm.raw.custom, 'kept');
    assert.strictEqual(doc.text.slice(fm.start, fm.end), text.slice(0, text.indexOf('---\nIntro') + 3));
    assert.deepStrictEqual(doc.messages.map(m => [m.role, m.name, m.content]), [
      ['system', undefined, 'Intro text.'],
      ['system', undefined, 'Be brief about {{ question | trim }}.\n{% for x in items %}- {{ x.name }}{% endfor %}'],
      ['user', 'Alice', '{{question}}'],
      ['assistant', undefined, ''],
    ]);
    assert.deepStrictEqual(doc.messages[1].variables.map(v => [v.name, text.slice(v.start, v.end)]), [
      ['question', '{{ question | trim }}'],
      ['items', '{% for x in items %}'],
    ]);
    assert.deepStrictEqual(doc.messages[2].variables.map(v => v.name), ['question']);
    assertRangesExact(doc);
  });

  it('reads v1 frontmatter: configuration, parameters and sample defaults', () => {
    const text = read(path.join(FIXTURES, 'web_src_content_docs_legacy_getting-started_setup_socrates.prompty'));
    const doc = parsePrompt(text, 'socrates.prompty');
    assert.strictEqual(doc.frontmatter.model, 'Meta-Llama-3-8B-Instruct');
    assert.strictEqual(doc.frontmatter.inputs.find(i => i.name === 'firstName')?.default, 'Nitya');
    assert.deepStrictEqual(doc.messages.map(m => m.role), ['system', 'user']);
    assertRangesExact(doc);

    const v1 = parsePrompt(['---', 'model:', '  api: chat', '  configuration:', '    type: azure_openai', '    azure_deployment: gpt-35-turbo',
      '  parameters:', '    max_tokens: 128', '    temperature: 0.5', 'inputs:', '  q:', '    type: string', '    sample: hi', 'template: mustache', '---', 'user:', '{{#q}}{{q}}{{/q}}'].join('\n'), 'v1.prompty');
    assert.deepStrictEqual([v1.frontmatter.model, v1.frontmatter.provider, v1.frontmatter.maxOutputTokens, v1.frontmatter.temperature], ['gpt-35-turbo', 'azure', 128, 0.5]);
    assert.deepStrictEqual(v1.frontmatter.inputs, [{ name: 'q', default: 'hi' }]);
    assert.strictEqual(v1.template, 'mustache');
    assert.deepStrictEqual(v1.messages[0].variables.map(v => v.name), ['q', 'q']);
  });

  it('accepts +++ fences and a model string', () => {
    const doc = parsePrompt('+++\nmodel: gpt-4o-mini\n+++\nsystem:\nHi', 'p.prompty');
    assert.strictEqual(doc.frontmatter.model, 'gpt-4o-mini');
    assert.deepStrictEqual(doc.messages.map(m => m.content), ['Hi']);
  });

  it('reports broken YAML at its line and still produces messages', () => {
    const text = '---\nname: x\nmodel:\n  id: gpt-4o\n  options: [1, 2\ninputs: {}\n---\nsystem:\nStill counted.\nuser:\n{{q}}\n';
    const doc = parsePrompt(text, 'broken.prompty');
    const errors = doc.problems.filter(p => p.severity === 'error');
    assert.ok(errors.length >= 1);
    assert.ok(errors[0].range.start.line >= 4 && errors[0].range.start.line <= 6, `line ${errors[0].range.start.line}`);
    assert.deepStrictEqual(doc.messages.map(m => m.content), ['Still counted.', '{{q}}']);
  });

  it('reports an unclosed frontmatter fence and unclosed Jinja blocks', () => {
    const doc = parsePrompt('---\nmodel: x\nsystem:\nhello {% if a %}yes\n', 'u.prompty');
    assert.ok(doc.problems.some(p => p.severity === 'error' && p.range.start.line === 0));
    assert.ok(doc.problems.some(p => /never closed/.test(p.message) && p.range.start.line === 3));
    assert.ok(doc.messages.length > 0);
  });

  it('parses every corpus file without throwing or errors, with exact ranges', () => {
    const files = corpusFiles('prompty');
    for (const file of files) {
      const doc = parsePrompt(read(file), path.basename(file));
      assert.deepStrictEqual(doc.problems.filter(p => p.severity === 'error'), [], path.basename(file));
      assert.ok(doc.messages.length > 0, path.basename(file));
      assertRangesExact(doc);
    }
  });

  it('parses the example with its customer_name variable', () => {
    const doc = parsePrompt(read(path.join(EXAMPLES, 'support.prompty')), 'support.prompty');
    assert.deepStrictEqual(doc.problems, []);
    assert.ok(doc.messages[0].variables.some(v => v.name === 'customer_name'));
    assert.strictEqual(doc.frontmatter.cacheTtlSeconds, 3600);
  });
});
