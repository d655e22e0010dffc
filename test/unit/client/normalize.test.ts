import { strict as assert } from 'node:assert';
import {
  mergeAnthropicUsage, normalizeAnthropicUsage, normalizeOpenAIUsage, readAnthropicUsage, readOpenAIUsage, withOpenAIWebSearches,
} from '../../../src/core/pricing/normalize';
import { PriceBook } from '../../../src/core/pricing/prices';
import type { NormalizedUsage } from '../../../src/core/pricing/usage';

const U = (p: Partial<NormalizedUsage>): NormalizedUsage => ({
  inputUncached: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0, ...p,
});

describe('usage normalisation', () => {
  describe('OpenAI', () => {
    const cases: { name: string; raw: unknown; want: NormalizedUsage }[] = [
      {
        name: 'Chat Completions, non-streamed',
        raw: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
        want: U({ inputUncached: 120, output: 30 }),
      },
      {
        name: 'streamed final chunk (stream_options.include_usage)',
        raw: {
          prompt_tokens: 12, completion_tokens: 7, total_tokens: 19,
          prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0 },
        },
        want: U({ inputUncached: 12, output: 7 }),
      },
      {
        name: 'cached_tokens are part of prompt_tokens',
        raw: { prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 } },
        want: U({ inputUncached: 86, cacheRead: 1920, output: 300 }),
      },
      {
        name: 'reasoning is part of completion_tokens',
        raw: { prompt_tokens: 50, completion_tokens: 1200, completion_tokens_details: { reasoning_tokens: 1024 } },
        want: U({ inputUncached: 50, output: 1200, reasoning: 1024 }),
      },
      {
        name: 'cache_write_tokens (newer models) are part of prompt_tokens',
        raw: { prompt_tokens: 3000, completion_tokens: 10, cache_write_tokens: 2048, prompt_tokens_details: { cached_tokens: 512 } },
        want: U({ inputUncached: 440, cacheRead: 512, cacheWrite5m: 2048, output: 10 }),
      },
      {
        name: 'Responses API shape',
        raw: {
          input_tokens: 1500, output_tokens: 400, total_tokens: 1900,
          input_tokens_details: { cached_tokens: 1024 }, output_tokens_details: { reasoning_tokens: 256 },
        },
        want: U({ inputUncached: 476, cacheRead: 1024, output: 400, reasoning: 256 }),
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const r = readOpenAIUsage(c.raw);
        assert.deepEqual(r.usage, c.want);
        assert.equal(r.missing, false);
        assert.deepEqual(normalizeOpenAIUsage(c.raw), c.want);
      });
    }

    for (const raw of [undefined, null, {}, 'usage', { total_tokens: 5 }]) {
      it(`missing usage ${JSON.stringify(raw)} -> zeros, flagged`, () => {
        const r = readOpenAIUsage(raw);
        assert.equal(r.missing, true);
        assert.deepEqual(r.usage, U({}));
      });
    }

    it('malformed numbers are zero and reported, never negative', () => {
      const r = readOpenAIUsage({ prompt_tokens: 10, completion_tokens: 'x', prompt_tokens_details: { cached_tokens: 50 } });
      assert.deepEqual(r.usage, U({ inputUncached: 0, cacheRead: 50 }));
      assert.deepEqual(r.problems, ['completion_tokens']);
    });
  });

  // Responses API: each search is a `web_search_call` output item (platform.openai.com, web search tool guide).
  it('OpenAI: counts web_search_call output items as web searches', () => {
    const reading = withOpenAIWebSearches(readOpenAIUsage({ input_tokens: 10, output_tokens: 5 }), [
      { type: 'web_search_call', id: 'ws_1', status: 'completed' }, { type: 'message', id: 'msg_1' },
    ]);
    assert.equal(reading.usage.webSearches, 1);
    assert.equal(withOpenAIWebSearches(readOpenAIUsage({ input_tokens: 10, output_tokens: 5 }), undefined).usage.webSearches, undefined);
  });

  describe('Anthropic', () => {
    const cases: { name: string; raw: unknown; want: NormalizedUsage }[] = [
      {
        name: 'non-streamed',
        raw: { input_tokens: 25, output_tokens: 80, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        want: U({ inputUncached: 25, output: 80 }),
      },
      {
        name: 'cache read (input_tokens excludes it)',
        raw: { input_tokens: 12, output_tokens: 40, cache_read_input_tokens: 4000, cache_creation_input_tokens: 0 },
        want: U({ inputUncached: 12, cacheRead: 4000, output: 40 }),
      },
      {
        name: 'cache write without a TTL split counts as 5m',
        raw: { input_tokens: 12, output_tokens: 40, cache_creation_input_tokens: 3000 },
        want: U({ inputUncached: 12, cacheWrite5m: 3000, output: 40 }),
      },
      {
        name: 'cache write 5m split',
        raw: {
          input_tokens: 12, output_tokens: 40, cache_creation_input_tokens: 3000,
          cache_creation: { ephemeral_5m_input_tokens: 3000, ephemeral_1h_input_tokens: 0 },
        },
        want: U({ inputUncached: 12, cacheWrite5m: 3000, output: 40 }),
      },
      {
        name: 'cache write 1h split',
        raw: {
          input_tokens: 12, output_tokens: 40, cache_creation_input_tokens: 3000,
          cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 3000 },
        },
        want: U({ inputUncached: 12, cacheWrite1h: 3000, output: 40 }),
      },
      {
        name: 'cache write 5m and 1h',
        raw: {
          input_tokens: 12, output_tokens: 40, cache_creation_input_tokens: 3000, cache_read_input_tokens: 100,
          cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
        },
        want: U({ inputUncached: 12, cacheRead: 100, cacheWrite5m: 1000, cacheWrite1h: 2000, output: 40 }),
      },
      {
        name: 'double-count trap: the split breaks down cache_creation_input_tokens, it is not added to it',
        raw: {
          input_tokens: 5, output_tokens: 1, cache_creation_input_tokens: 2048,
          cache_creation: { ephemeral_5m_input_tokens: 2048, ephemeral_1h_input_tokens: 0 },
        },
        want: U({ inputUncached: 5, cacheWrite5m: 2048, output: 1 }),
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const r = readAnthropicUsage(c.raw);
        assert.deepEqual(r.usage, c.want);
        assert.equal(r.missing, false);
        assert.deepEqual(normalizeAnthropicUsage(c.raw), c.want);
      });
    }

    // The documented web-search response usage (docs.anthropic.com, web search tool, "Response" example).
    it('keeps server_tool_use.web_search_requests as webSearches', () => {
      const u = normalizeAnthropicUsage({
        input_tokens: 105, output_tokens: 6039, cache_read_input_tokens: 7123, cache_creation_input_tokens: 7345,
        server_tool_use: { web_search_requests: 1 },
      });
      assert.equal(u.webSearches, 1);
      assert.equal(normalizeAnthropicUsage({ input_tokens: 1, output_tokens: 1 }).webSearches, undefined);
    });

    it('streamed: message_start input/cache + message_delta cumulative output, cache read stays a cache read', () => {
      const start = { input_tokens: 9, output_tokens: 1, cache_read_input_tokens: 4000, cache_creation_input_tokens: 0 };
      const delta = { output_tokens: 250 };
      assert.deepEqual(normalizeAnthropicUsage(mergeAnthropicUsage(start, delta)), U({ inputUncached: 9, cacheRead: 4000, output: 250 }));
    });

    it('streamed: message_delta with updated input/cache fields (nulls keep message_start values)', () => {
      const start = {
        input_tokens: 9, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      };
      const delta = {
        output_tokens: 70, input_tokens: 9, cache_read_input_tokens: null, cache_creation_input_tokens: 1500,
        cache_creation: { ephemeral_1h_input_tokens: 1500 },
      };
      assert.deepEqual(normalizeAnthropicUsage(mergeAnthropicUsage(start, delta)), U({ inputUncached: 9, cacheWrite1h: 1500, output: 70 }));
    });

    it('streamed: several message_delta events are cumulative, not summed', () => {
      let u: unknown = { input_tokens: 3, output_tokens: 1 };
      for (const d of [{ output_tokens: 10 }, { output_tokens: 25 }]) u = mergeAnthropicUsage(u, d);
      assert.equal(normalizeAnthropicUsage(u).output, 25);
    });

    for (const raw of [undefined, null, {}, []]) {
      it(`missing usage ${JSON.stringify(raw)} -> zeros, flagged`, () => {
        const r = readAnthropicUsage(raw);
        assert.equal(r.missing, true);
        assert.deepEqual(r.usage, U({}));
      });
    }

    it('prices a cache case to the hand-computed micro-dollars (claude-sonnet-4-5: $3 in, $0.30 read, $3.75 5m, $6 1h, $15 out)', () => {
      const usage = normalizeAnthropicUsage({
        input_tokens: 100, output_tokens: 200, cache_read_input_tokens: 2000, cache_creation_input_tokens: 1500,
        cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 500 },
      });
      const cost = new PriceBook().cost(usage, 'claude-sonnet-4-5', 'anthropic');
      // 100*3 + 2000*0.3 + 1000*3.75 + 500*6 + 200*15 = 300 + 600 + 3750 + 3000 + 3000
      assert.equal(cost.priced, true);
      assert.equal(cost.inputMicros, 300);
      assert.equal(cost.cacheReadMicros, 600);
      assert.equal(cost.cacheWriteMicros, 6750);
      assert.equal(cost.outputMicros, 3000);
      assert.equal(cost.totalMicros, 10650);
    });
  });
});
