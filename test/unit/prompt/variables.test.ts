import * as assert from 'assert';
import fc from 'fast-check';
import { parsePrompt, type PromptFormat } from '../../../src/core/prompt';
import { jinjaExpressionNames } from '../../../src/core/prompt/variables';
import { assertRangesExact } from './helpers';

describe('template variables', () => {
  it('takes root names from Jinja expressions, not filters, tests, attributes or literals', () => {
    assert.deepStrictEqual(jinjaExpressionNames('user.name | default("x") | upper'), ['user']);
    assert.deepStrictEqual(jinjaExpressionNames('a if b is not defined else c[0]'), ['a', 'b', 'c']);
    assert.deepStrictEqual(jinjaExpressionNames('"lit" ~ 3 ~ none ~ fn(arg, key=val)'), ['arg', 'val']);
  });

  it('does not report loop variables or set locals as inputs', () => {
    const doc = parsePrompt('system:\n{% set greeting = hello %}{% for m in history %}{{ m.content }} {{ loop.index }}{% endfor %}{{ greeting }}{{ m }}', 'a.prompty');
    assert.deepStrictEqual(doc.messages[0].variables.map(v => v.name), ['hello', 'history', 'm']);
  });

  it('never throws and keeps ranges exact on arbitrary text', () => {
    const formats: PromptFormat[] = ['prompty', 'dotprompt', 'prompt-md', 'chat-json', 'text'];
    const pieces = fc.constantFrom('---\n', 'model: x\n', 'system:\n', 'user:\n', '{{', '}}', '{%', '%}', '{#', '#}', '{{#if a}}', '{{/if}}', '{{role "user"}}',
      '{{!--', '--}}', '"', '{', '}', '[', ']', ',', ':', '\n', ' ', 'text', '${input:x}', '\\', 'é', '+++\n', '# h\n');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 40 }), fc.constantFrom(...formats), (parts, format) => {
      const doc = parsePrompt(parts.join(''), 'f', format);
      assertRangesExact(doc, format === 'chat-json');
      assert.ok(!doc.problems.some(p => p.message.startsWith('Promptmeter could not parse')), 'no parser crash');
    }), { numRuns: 1000 });
  });
});
