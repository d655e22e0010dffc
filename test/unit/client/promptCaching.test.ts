import { strict as assert } from 'node:assert';
import { anthropicPrompt, MAX_BREAKPOINTS, openaiPromptCacheKey } from '../../../src/core/client/providers/promptCaching';
import type { ChatMessage } from '../../../src/core/client/types';

const long = (n: number) => 'x'.repeat(n);

describe('prompt caching', () => {
  describe('anthropicPrompt', () => {
    it('lifts leading system messages and marks the last system block', () => {
      const p = anthropicPrompt([
        { role: 'system', content: 'A' }, { role: 'developer', content: 'B' }, { role: 'user', content: 'q' },
      ]);
      assert.deepEqual(p.system, [{ type: 'text', text: 'A' }, { type: 'text', text: 'B', cache_control: { type: 'ephemeral' } }]);
      assert.deepEqual(p.messages, [{ role: 'user', content: 'q' }]);
      assert.deepEqual(p.breakpoints, ['system']);
    });

    it('marks the last block before the final user turn when the prefix is long enough', () => {
      const msgs: ChatMessage[] = [
        { role: 'system', content: long(3000) }, { role: 'user', content: 'example in' },
        { role: 'assistant', content: long(2000) }, { role: 'user', content: 'real question' },
      ];
      const p = anthropicPrompt(msgs);
      assert.deepEqual(p.breakpoints, ['system', 'history']);
      assert.deepEqual(p.messages[1], { role: 'assistant', content: [{ type: 'text', text: long(2000), cache_control: { type: 'ephemeral' } }] });
      assert.equal(p.messages[2]!.content, 'real question');
    });

    it('no history breakpoint when the prefix is too short to cache', () => {
      const p = anthropicPrompt([
        { role: 'system', content: 'short' }, { role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' },
      ]);
      assert.deepEqual(p.breakpoints, ['system']);
      assert.ok(p.messages.every((m) => typeof m.content === 'string'));
    });

    it('no system: no system breakpoint; a lone user turn gets none', () => {
      const p = anthropicPrompt([{ role: 'user', content: long(10000) }]);
      assert.deepEqual(p.system, []);
      assert.deepEqual(p.breakpoints, []);
    });

    it('a later system message becomes a user turn', () => {
      const p = anthropicPrompt([{ role: 'user', content: 'a' }, { role: 'system', content: 'b' }]);
      assert.deepEqual(p.messages.map((m) => m.role), ['user', 'user']);
    });

    it('never exceeds the breakpoint limit', () => {
      const msgs: ChatMessage[] = [{ role: 'system', content: long(5000) }];
      for (let i = 0; i < 20; i++) msgs.push({ role: i % 2 ? 'assistant' : 'user', content: long(1000) });
      msgs.push({ role: 'user', content: 'q' });
      const p = anthropicPrompt(msgs);
      const marked = p.system.filter((b) => b.cache_control).length
        + p.messages.filter((m) => Array.isArray(m.content) && m.content.some((b) => b.cache_control)).length;
      assert.equal(marked, p.breakpoints.length);
      assert.ok(marked <= MAX_BREAKPOINTS);
    });

    it('does not mutate the input messages', () => {
      const msgs: ChatMessage[] = [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }];
      const copy = JSON.parse(JSON.stringify(msgs));
      anthropicPrompt(msgs);
      assert.deepEqual(msgs, copy);
    });
  });

  describe('openaiPromptCacheKey', () => {
    const sys: ChatMessage = { role: 'system', content: 'You are terse.' };
    it('is stable for the same static prefix and ignores the variable tail', () => {
      const a = openaiPromptCacheKey([sys, { role: 'user', content: 'one' }]);
      const b = openaiPromptCacheKey([sys, { role: 'user', content: 'two' }]);
      assert.ok(a && a.length <= 64);
      assert.equal(a, b);
    });
    it('changes with the system prompt or the tools', () => {
      const a = openaiPromptCacheKey([sys]);
      assert.notEqual(a, openaiPromptCacheKey([{ role: 'system', content: 'You are verbose.' }]));
      assert.notEqual(a, openaiPromptCacheKey([sys], [{ type: 'function', function: { name: 'f' } }]));
    });
    it('is undefined without a static prefix', () => {
      assert.equal(openaiPromptCacheKey([{ role: 'user', content: 'hi' }]), undefined);
    });
  });
});
