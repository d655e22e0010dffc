import { strict as assert } from 'node:assert';
import { countChat, countingRuleFor, bareModelId } from '../../../src/core/tokens';

// OpenAI cookbook "How to count tokens with tiktoken": the API reported 129 (gpt-4) and 124 (gpt-4o).
const COOKBOOK = [
  { role: 'system', content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.' },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
  { role: 'system', name: 'example_user', content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
  { role: 'system', name: 'example_assistant', content: "Let's talk later when we're less busy about how to do better." },
  { role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
];

describe('chat token counting', () => {
  it('matches the API on the cookbook example', () => {
    assert.equal(countChat('gpt-4o', COOKBOOK).inputTokens, 124);
    assert.equal(countChat('gpt-4', COOKBOOK).inputTokens, 129);
    assert.equal(countChat('gpt-4o', COOKBOOK).estimated, false);
  });

  it('counts each message content alone', () => {
    const c = countChat('gpt-4o', [{ role: 'user', content: 'hello world' }]);
    assert.deepEqual(c.messageTokens, [2]);
    assert.equal(c.inputTokens, 2 + 3 + 1 + 3);
  });

  it('labels Claude, Gemini and unknown models as estimates', () => {
    for (const m of ['claude-sonnet-4-5', 'googleai/gemini-2.5-pro', 'llama3.1:8b']) {
      assert.equal(countChat(m, [{ role: 'user', content: 'hi' }]).estimated, true, m);
    }
    assert.equal(countingRuleFor('gpt-4.1-mini').encoding, 'o200k_base');
    assert.equal(countingRuleFor('gpt-3.5-turbo').encoding, 'cl100k_base');
    assert.equal(bareModelId('googleai/gemini-2.5-pro'), 'gemini-2.5-pro');
  });

  it('counts an id that only shares a family prefix as an estimate with that family\'s encoding (issue 9)', () => {
    for (const m of ['gpt-4o-ultra', 'gpt-4oo', 'gpt-5.9-hyper', 'openai/gpt-4.1-max']) {
      const rule = countingRuleFor(m);
      assert.equal(rule.exact, false, m);
      assert.equal(rule.encoding, 'o200k_base', m);
      assert.equal(countChat(m, [{ role: 'user', content: 'hi' }]).estimated, true, m);
    }
    assert.equal(countingRuleFor('gpt-4-hyper').encoding, 'cl100k_base');
    assert.equal(countingRuleFor('gpt-4-hyper').exact, false);
    // Published ids: variants and dated snapshots stay exact.
    for (const m of ['gpt-4o', 'gpt-4o-mini-2024-07-18', 'openai/gpt-4.1-nano', 'o3-mini', 'gpt-5-chat-latest', 'gpt-4-0613',
      'gpt-4-1106-preview', 'gpt-3.5-turbo-16k', 'text-embedding-3-small', 'gpt-4o-mini-search-preview']) {
      assert.equal(countingRuleFor(m).exact, true, m);
    }
  });

  it('scales newer Claude tokenizers', () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    const old = countChat('claude-sonnet-4-5', [{ role: 'user', content: text }]).messageTokens[0];
    const newer = countChat('claude-opus-4-7', [{ role: 'user', content: text }]).messageTokens[0];
    assert.equal(newer, Math.round(old * 1.35));
  });
});
