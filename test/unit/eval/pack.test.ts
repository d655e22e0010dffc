import assert from 'node:assert/strict';
import type { ChatRequest } from '../../../src/core/client/types';
import { packRequests, unpackAnswer } from '../../../src/core/eval';
import { splitMicros } from '../../../src/core/eval/pack';

const req = (q: string, system = 'Classify.'): ChatRequest => ({
  provider: 'openai', baseUrl: '', model: 'gpt-4o-mini', maxTokens: 20, stream: false, meta: { workspace: '/w' },
  messages: [{ role: 'system', content: system }, { role: 'user', content: q }],
});

describe('several rows per request', () => {
  it('packs rows that differ only in their last user message, as numbered items', () => {
    const p = packRequests([req('a'), req('b'), req('c')])!;
    assert.equal(p.messages.length, 2);
    assert.equal(p.messages[0].content, 'Classify.');
    assert.match(p.messages[1].content, /\[1\] a\n\n\[2\] b\n\n\[3\] c$/);
    assert.equal(p.maxTokens, 60);
  });

  it('refuses rows whose shared part differs', () => {
    assert.equal(packRequests([req('a'), req('b', 'Other.')]), undefined);
  });

  it('parses numbered answers; a missing, empty, repeated or renumbered item is undefined, never a neighbour', () => {
    assert.deepEqual(unpackAnswer('[1] yes\n[2] no\n[3] maybe', 3), ['yes', 'no', 'maybe']);
    assert.deepEqual(unpackAnswer('[1] yes\n[3] maybe', 3), ['yes', undefined, 'maybe']);
    assert.deepEqual(unpackAnswer('[1] yes\n[2]\n[3] maybe', 3), ['yes', undefined, 'maybe']);
    assert.deepEqual(unpackAnswer('[1] yes\n[2] a\n[2] b\n[3] c', 3), ['yes', undefined, 'c']);
    assert.deepEqual(unpackAnswer('[2] a\n[1] b', 2), [undefined, undefined]);
    assert.deepEqual(unpackAnswer('Sure! [1] inline is not a marker', 1), [undefined]);
  });

  it('splits integer micro-dollars so the parts add up exactly', () => {
    const parts = splitMicros(1001, [1, 1, 1]);
    assert.equal(parts.reduce((a, b) => a + b, 0), 1001);
    assert.deepEqual(splitMicros(10, [3, 1]), [8, 2]);
  });
});
