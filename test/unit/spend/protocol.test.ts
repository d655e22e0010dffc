import { strict as assert } from 'node:assert';
import { parsePageMessage, rangeStart } from '../../../src/core/spend/protocol';

describe('spend webview protocol', () => {
  it('accepts every well-formed page message', () => {
    for (const m of [
      { type: 'ready' }, { type: 'ready', filter: { range: '7d' } }, { type: 'setFilter', filter: { range: 'all', workspace: 'w' } },
      { type: 'openFile', path: 'prompts/a.prompty' }, { type: 'export', format: 'csv' }, { type: 'export', format: 'json' }, { type: 'showPanel' },
    ]) assert.deepEqual(parsePageMessage(m), m);
  });

  it('drops malformed or unknown messages instead of acting on them', () => {
    for (const m of [null, 'ready', {}, { type: 'nope' }, { type: 'setFilter', filter: { range: '1y' } }, { type: 'openFile', path: 3 },
      { type: 'openFile', path: '' }, { type: 'export', format: 'xlsx' }, { type: 'setFilter', filter: { range: '7d', workspace: 1 } }]) {
      assert.equal(parsePageMessage(m), undefined, JSON.stringify(m));
    }
  });

  it('turns a range into its start: local midnight, today counted as the last of its days', () => {
    const now = new Date(2025, 2, 1, 15, 30);
    assert.equal(rangeStart('7d', now)?.getTime(), new Date(2025, 1, 23).getTime());
    assert.equal(rangeStart('30d', now)?.getTime(), new Date(2025, 0, 31).getTime());
    assert.equal(rangeStart('7d', new Date(2025, 2, 1))?.getTime(), new Date(2025, 1, 23).getTime());
    assert.equal(rangeStart('all', now), undefined);
  });
});
