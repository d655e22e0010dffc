import assert from 'node:assert/strict';
import { datasetFromText, readAssertions } from '../../../src/core/dataset';
import { parsePrompt } from '../../../src/core/prompt';

const PROMPTY = `---
name: ages
model: {api: chat, configuration: {type: openai, name: gpt-4o-mini}}
inputs:
  name: {type: string}
  age: {type: integer}
  tags: {type: array, default: []}
---
user:
{{name}} is {{age}}.
`;
const doc = parsePrompt(PROMPTY, '/w/ages.prompty');

describe('datasets beside a prompt', () => {
  it('JSON Lines: a broken line, a non-object, a missing variable and a wrong type are reported by line; the rest kept', () => {
    const text = [
      '{"name": "Ada", "age": 36, "expected": "Ada is 36."}',
      '{"name": "Bob", "age": ',
      '',
      '[1, 2]',
      '{"name": "Cy"}',
      '{"name": "Di", "age": "forty"}',
      '{"vars": {"name": "Ed", "age": 7}, "assert": [{"type": "icontains", "value": "ed"}]}',
    ].join('\n');
    const ds = datasetFromText(doc, text, '/w/ages.dataset.jsonl');
    assert.deepEqual(ds.rows.map((r) => [r.line, r.vars.name]), [[1, 'Ada'], [7, 'Ed']]);
    assert.deepEqual(ds.rows[0].assert, [{ type: 'equals', value: 'Ada is 36.' }]);
    assert.deepEqual(ds.rows[1].assert, [{ type: 'icontains', value: 'ed' }]);
    assert.deepEqual(ds.problems.map((p) => p.line), [2, 4, 5, 6]);
    assert.match(ds.problems[2].message, /missing variable 'age'/);
    assert.match(ds.problems[3].message, /'age' must be integer/);
  });

  it('CSV: a quoting error is reported with its line and the rows after it are kept; declared numbers are converted', () => {
    const text = 'name,age,__expected\nAda,36,contains:Ada\nBob,"4"2,\nCy,5,\nDi,x,\nEd,7,icontains:ED\n';
    const ds = datasetFromText(doc, text, '/w/ages.dataset.csv');
    assert.deepEqual(ds.rows.map((r) => [r.line, r.vars.name, r.vars.age]), [[2, 'Ada', 36], [4, 'Cy', 5], [6, 'Ed', 7]]);
    assert.deepEqual(ds.problems.map((p) => p.line), [3, 5]);
    assert.match(ds.problems[0].message, /quote/i);
    assert.match(ds.problems[1].message, /'age' must be integer/);
    assert.deepEqual(ds.rows[0].assert, [{ type: 'contains', value: 'Ada' }]);
  });

  it('CSV: a row with the wrong number of cells is skipped, never shifted', () => {
    const ds = datasetFromText(doc, 'name,age\nAda,36\nBob\nCy,5,extra\nDi,4\n', '/w/a.dataset.csv');
    assert.deepEqual(ds.rows.map((r) => r.vars.name), ['Ada', 'Di']);
    assert.deepEqual(ds.problems.map((p) => p.line), [3, 4]);
  });

  it('assertions: unknown types and bad values are errors, not guesses', () => {
    assert.throws(() => readAssertions([{ type: 'similar', value: 'x' }]), /unknown assertion type 'similar'/);
    assert.throws(() => readAssertions({ type: 'max-cost', value: 'cheap' }), /non-negative number/);
    assert.throws(() => readAssertions({ type: 'regex', value: '(' }), /does not compile/);
    assert.deepEqual(readAssertions('max-latency:2000'), [{ type: 'max-latency', value: 2000 }]);
  });
});
