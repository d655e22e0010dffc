import assert from 'node:assert/strict';
import { billedMicros, savedMicros } from '../../../src/core/client/billing';
import { makeResp, prices, usage } from './pipeline-fakes';

describe('billing of one answer', () => {
  it('includes a cascade\'s rejected cheap attempt', () => {
    const cheap = makeResp({ model: 'cheap-model', usage: usage(1000, 100) });
    const strong = makeResp({ model: 'strong-model', usage: usage(1000, 100), priorAttempts: [cheap] });
    assert.deepEqual(billedMicros(strong, prices), { priced: true, totalMicros: (1000 + 200) + (10_000 + 3_000) });
  });

  it('bills nothing for a cache hit and is unpriced when any billed part is', () => {
    assert.equal(billedMicros(makeResp({ cache: 'memory' }), prices).totalMicros, 0);
    assert.equal(billedMicros(makeResp({ model: 'no-such-model' }), prices).priced, false);
  });

  it('sums the savings of every technique', () => {
    assert.equal(savedMicros(makeResp({ savedMicros: { exactCache: 5, routing: 7 } })), 12);
  });
});
