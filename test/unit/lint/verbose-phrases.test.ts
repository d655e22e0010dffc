import * as assert from 'assert';
import { VERBOSE_PHRASES } from '../../../src/core/lint/rules/verbose-phrases';
import { fixed, ofRule } from './helpers';

const body = (s: string) => `---\ndescription: t\n---\n${s}\n`;
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

describe('lint: PM102 verbose phrases', () => {
  it('has at least 40 pairs, each shorter after', () => {
    assert.ok(VERBOSE_PHRASES.length >= 40);
    for (const [from, to] of VERBOSE_PHRASES) assert.ok(to.length < from.length, from);
  });

  for (const [from, to] of VERBOSE_PHRASES) {
    it(`"${from}" -> "${to}", mid-sentence and at a sentence start`, () => {
      const mid = body(`The agent ${from} the task.`);
      const [f] = ofRule(mid, 'PM102');
      assert.ok(f, `no finding for "${from}"`);
      assert.ok(f.tokensSaved > 0);
      assert.strictEqual(fixed(mid, f), body(`The agent ${to} the task.`));
      assert.match(f.fix!.title, /^Replace '.+' with '.+' \(saves \d+ tokens?\)$/);
      const start = body(`${cap(from)} the task, act.`);
      const [g] = ofRule(start, 'PM102');
      assert.ok(g, `no finding for "${cap(from)}"`);
      assert.strictEqual(fixed(start, g), body(`${cap(to)} the task, act.`));
    });
  }

  it('does not fire inside code or quoted examples, or on partial words', () => {
    assert.deepStrictEqual(ofRule(body('`in order to`'), 'PM102'), []);
    assert.deepStrictEqual(ofRule(body('Say "we did it in order to win" verbatim.'), 'PM102'), []);
    assert.deepStrictEqual(ofRule(body('The reorder tool is fine.'), 'PM102'), []);
  });
});
