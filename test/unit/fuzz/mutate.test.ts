import * as assert from 'assert';
import { corpusSeeds, mutantAt, mutants, OP_NAMES } from '../../support/mutate';

describe('fuzz mutation generator (test/support/mutate.ts)', () => {
  const seeds = corpusSeeds();

  it('reads every corpus format, including chat JSON and plain text from examples/', () => {
    for (const suffix of ['.prompty', '.prompt', '.agent.md', '.chat.json', '.prompt.txt']) {
      assert.ok(seeds.some(s => s.name.endsWith(suffix)), `a seed ending in ${suffix}`);
    }
  });

  it('is deterministic for a seed, and input i can be regenerated alone', () => {
    const a = [...mutants(seeds, 50, 42)];
    const b = [...mutants(seeds, 50, 42)];
    assert.deepStrictEqual(a, b);
    assert.deepStrictEqual(mutantAt(seeds, 42, 37), a[37]);
    const c = [...mutants(seeds, 50, 43)];
    assert.notDeepStrictEqual(a.map(m => m.text), c.map(m => m.text));
  });

  it('uses every mutation and changes the text', () => {
    const all = [...mutants(seeds, 400, 7)];
    for (const op of OP_NAMES) assert.ok(all.some(m => m.ops.some(o => o.startsWith(op))), `op ${op} used`);
    const changed = all.filter(m => !seeds.some(s => s.text === m.text)).length;
    assert.ok(changed > 360, `most inputs differ from every seed (${changed}/400)`);
    assert.ok(all.every(m => m.text.length <= 64 * 1024));
  });
});
