import * as assert from 'assert';
import { mainStep, runFuzz, summarize, type FuzzReport, type Step } from '../../support/fuzz';

/**
 * Issue 9: mutated corpus files (byte flips, truncation, splices, delimiter runs, deep nesting, NUL, CRLF, BOM, astral)
 * through parse + count + lint with a fixed seed. Fails on any crash and on any input slower than 50x the median CPU
 * time per KB (re-timed best of 3). `npm run fuzz -- --count 100000` runs the same checks at scale.
 *
 * Every step is held to the limit: the YAML guard, the linear tag scanners and the O(n log n) encoder removed the
 * known slow cases.
 */
const STRICT: Step[] = ['parse', 'count', 'lint'];

describe('fuzz: parse + count + lint over mutated corpus files', function () {
  this.timeout(30 * 60_000);
  let report: FuzzReport;
  before(() => { report = runFuzz({ count: 2000, seed: 9 }); });

  it('2,000 inputs (seed 9): no crash in parse, count or lint', () => {
    assert.strictEqual(report.inputs, 2000);
    assert.strictEqual(report.crashes.length, 0, summarize(report));
  });

  it(`no input over 50x the median time per KB in ${STRICT.join(', ')}`, () => {
    const slow = report.slow.filter(t => STRICT.includes(mainStep(t)));
    assert.strictEqual(slow.length, 0, summarize(report));
  });
});
