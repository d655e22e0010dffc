import assert from 'node:assert/strict';
import { missingInputs, renderPrompt } from '../../../src/core/render';
import { parsePrompt } from '../../../src/core/prompt';
import type { PromptDocument, PromptMessage, TemplateEngine } from '../../../src/core/prompt/model';

const zero = { line: 0, character: 0 };
function doc(template: TemplateEngine, messages: Array<[string, string, string[]?]>, inputs: PromptDocument['frontmatter']['inputs'] = []): PromptDocument {
  const msgs: PromptMessage[] = messages.map(([role, content, vars = []]) => ({
    role, content, start: 0, end: 0, range: { start: zero, end: zero },
    variables: vars.map((name) => ({ name, start: 0, end: 0, range: { start: zero, end: zero } })),
  }));
  return { format: 'text', template, text: '', frontmatter: { inputs, raw: {} }, messages: msgs, problems: [] };
}

describe('renderPrompt', () => {
  it('renders Jinja2 (Prompty) with loops and filters, without HTML escaping', () => {
    const d = doc('jinja2', [['system', 'Items: {% for x in items %}{{x}};{% endfor %}'], ['user', 'Hi {{ name | upper }} & <b>{{ missing }}</b>']]);
    assert.deepEqual(renderPrompt(d, { items: ['a', 'b'], name: 'ann' }), [
      { role: 'system', content: 'Items: a;b;' }, { role: 'user', content: 'Hi ANN & <b></b>' },
    ]);
  });

  it('renders a dotprompt file with its helpers: json, typed ifEquals, media as a part, model as assistant', () => {
    const d = parsePrompt('---\nmodel: gpt-4o\n---\nData: {{json data}} {{#each items}}[{{this}}]{{/each}}{{role "model"}}Fine.{{role "user"}}{{#ifEquals n 1}}one{{else}}other{{/ifEquals}} {{media url=photo contentType="image/png"}}{{name}} <&>', 'a.prompt');
    assert.deepEqual(renderPrompt(d, { data: { a: 1 }, items: [1, 2], n: '1', photo: 'http://p/x.png', name: 'Bo' }), [
      { role: 'user', content: 'Data: {"a":1} [1][2]' }, { role: 'assistant', content: 'Fine.' },
      { role: 'user', content: 'other Bo <&>', parts: [{ type: 'text', text: 'other ' }, { type: 'media', url: 'http://p/x.png', contentType: 'image/png' }, { type: 'text', text: 'Bo <&>' }] },
    ]);
  });

  it('renders Mustache without escaping', () => {
    const d = doc('mustache', [['user', '{{#list}}- {{.}}\n{{/list}}{{who}} <3']]);
    assert.equal(renderPrompt(d, { list: ['x', 'y'], who: 'A&B' })[0].content, '- x\n- y\nA&B <3');
  });

  it('substitutes VS Code ${input:x} variables and leaves unknown ones as written', () => {
    const d = doc('vscode', [['user', 'Review ${input:file:the file} for ${input:focus} in ${selection}.']]);
    assert.equal(renderPrompt(d, { file: 'a.ts', focus: 'bugs' })[0].content, 'Review a.ts for bugs in ${selection}.');
  });

  it('uses frontmatter defaults and lets given values win', () => {
    const d = doc('jinja2', [['user', '{{city}} {{n}}']], [{ name: 'city', default: 'Paris' }, { name: 'n', default: 1 }]);
    assert.equal(renderPrompt(d, { n: 2 })[0].content, 'Paris 2');
  });

  it('reports a template syntax error with the message it is in', () => {
    assert.throws(() => renderPrompt(doc('jinja2', [['user', 'ok'], ['user', '{% for %}']]), {}), /message 2 \(user\)/);
  });

  it('renders parsed Prompty and dotprompt files end to end', () => {
    const prompty = parsePrompt('---\nname: t\ninputs:\n  city:\n    type: string\n    default: Paris\n---\nsystem:\nBe brief.\n\nuser:\nAbout {{city}}?\n', 'a.prompty');
    assert.deepEqual(renderPrompt(prompty, {}), [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'About Paris?' }]);
    const dp = parsePrompt('---\nmodel: gpt-4o\ninput:\n  schema:\n    name: string\n---\n{{role "system"}}\nHelp {{name}}.\n{{role "model"}}\nOk.\n', 'a.prompt');
    // The reference keeps the text between role markers as is (google/dotprompt spec/helpers/role.yaml).
    assert.deepEqual(renderPrompt(dp, { name: 'Al' }), [{ role: 'system', content: '\nHelp Al.\n' }, { role: 'assistant', content: '\nOk.' }]);
  });
});

describe('missingInputs', () => {
  it('lists declared and used variables with no value, counting defaults as values', () => {
    const d = doc('jinja2', [['user', '{{a}} {{b}} {{c}}', ['a', 'b', 'c']]], [{ name: 'a', default: 'x' }, { name: 'd' }]);
    assert.deepEqual(missingInputs(d, { b: 'y' }), ['d', 'c']);
    assert.deepEqual(missingInputs(d, { b: 'y', c: '', d: 0 }), []);
  });

  it('treats dotprompt optional schema fields as not missing', () => {
    const dp = parsePrompt('---\ninput:\n  schema:\n    name: string\n    extra?: string\n---\nHi {{name}} {{extra}}\n', 'a.prompt');
    assert.deepEqual(missingInputs(dp, {}), ['name']);
  });
});
