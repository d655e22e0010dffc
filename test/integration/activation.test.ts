import * as assert from 'node:assert/strict';
import { extension } from './util';

describe('activation', () => {
  it('activates without throwing', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });
});
