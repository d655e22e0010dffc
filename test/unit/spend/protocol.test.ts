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

  it('turns a range into its start', () => {
    const now = new Date('2025-03-01T00:00:00Z');
    assert.equal(rangeStart('7d', now)?.toISOString(), '2025-02-22T00:00:00.000Z');
    assert.equal(rangeStart('all', now), undefined);
  });
});
