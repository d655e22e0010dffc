import { strict as assert } from 'node:assert';
import { redactSecrets } from '../../../src/core/ledger/redact';

describe('redactSecrets', () => {
  it('removes configured keys and key-shaped strings', () => {
    const out = redactSecrets('bad key sk-abcdefgh12345678 and my-private-token-123 here', ['my-private-token-123']);
    assert.doesNotMatch(out, /sk-abcdefgh|my-private-token/);
  });

  it('leaves short placeholder keys alone so messages stay readable', () => {
    assert.equal(redactSecrets('check the base URL, proxy and network', ['x', 'ollama']), 'check the base URL, proxy and network');
  });

  it('caps the length', () => {
    assert.equal(redactSecrets('a'.repeat(600)).length, 500);
  });
});
