import { strict as assert } from 'node:assert';
import { createProviderCall, type ProviderChatResponse, type ProviderOptions } from '../../../src/core/client/providers';
import { type CallContext, type ChatRequest, ProviderError, type ProviderId } from '../../../src/core/client/types';
import { PriceBook } from '../../../src/core/pricing/prices';
import { ProviderServer, serverTokens } from '../../support/providerServer';

const KEY = 'sk-test-DO-NOT-LEAK-4f2a9c';
const MODEL: Record<ProviderId, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5' };
const LONG_SYSTEM = 'You are a careful assistant. '.repeat(30); // ~840 chars: above the test cache minimum

describe('provider adapters against the local provider server', function () {
  let server: ProviderServer;
  const rejections: unknown[] = [];
  const errorMessages: string[] = [];
  const trap = (reason: unknown) => { rejections.push(reason); };

  before(async () => {
    process.on('unhandledRejection', trap);
    server = await ProviderServer.start({ cacheMinTokens: 50 });
  });
  after(async () => {
    await server.close();
    await new Promise((r) => setImmediate(r));
    process.off('unhandledRejection', trap);
    assert.deepEqual(rejections, [], 'no unhandled rejection');
    for (const m of errorMessages) assert.ok(!m.includes(KEY), `key leaked in: ${m}`);
  });
  beforeEach(() => server.reset());
  afterEach(() => assert.deepEqual(rejections, [], 'no unhandled rejection'));

  const base = (p: ProviderId) => (p === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl);
  const options = (o: Partial<ProviderOptions> = {}): ProviderOptions => ({
    apiKey: async () => KEY, timeoutMs: 5000, maxRetries: 2, streamIdleMs: 2000, prices: new PriceBook(), ...o,
  });
  const request = (provider: ProviderId, p: Partial<ChatRequest> = {}): ChatRequest => ({
    provider, baseUrl: base(provider), model: MODEL[provider], maxTokens: 200, stream: false,
    messages: [{ role: 'user', content: 'hello there' }], meta: { workspace: 'test' }, ...p,
  });
  const context = (signal = new AbortController().signal) => {
    const deltas: string[] = []; const logs: string[] = [];
    const ctx: CallContext = { signal, onDelta: (d) => deltas.push(d), log: (l) => logs.push(l) };
    return { ctx, deltas, logs };
  };
  async function run(provider: ProviderId, p: Partial<ChatRequest> = {}, o: Partial<ProviderOptions> = {}, signal?: AbortSignal) {
    const c = context(signal);
    const res = await createProviderCall(options(o))(request(provider, p), c.ctx) as ProviderChatResponse;
    return { res, ...c };
  }
  async function fails(provider: ProviderId, p: Partial<ChatRequest> = {}, o: Partial<ProviderOptions> = {}, signal?: AbortSignal): Promise<ProviderError> {
    try {
      await run(provider, p, o, signal);
    } catch (e) {
      assert.ok(e instanceof ProviderError, `expected ProviderError, got ${String(e)}`);
      errorMessages.push(e.message);
      assert.ok(!e.message.includes(KEY));
      return e;
    }
    throw new Error('expected the call to fail');
  }

  for (const provider of ['openai', 'anthropic'] as const) {
    describe(provider, () => {
      for (const stream of [false, true]) {
        it(`answers ${stream ? 'streamed' : 'non-streamed'} with normalised usage`, async () => {
          const { res, deltas } = await run(provider, { stream });
          assert.equal(res.text, 'Answer to: hello there');
          assert.equal(res.finishReason, 'stop');
          assert.equal(res.route, 'direct');
          assert.equal(res.cache, 'miss');
          assert.equal(res.provider, provider);
          assert.ok(res.latencyMs >= 0);
          assert.deepEqual(res.usage, {
            inputUncached: serverTokens('hello there'), cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0,
            output: serverTokens(res.text), reasoning: 0,
          });
          if (stream) { assert.ok(deltas.length > 1); assert.equal(deltas.join(''), res.text); } else assert.deepEqual(deltas, []);
          assert.equal(server.requests.length, 1);
          const h = server.requests[0]!.headers;
          // @anthropic-ai/sdk@1 sends the key as a bearer token too (older versions used x-api-key).
          assert.ok(h.authorization === `Bearer ${KEY}` || h['x-api-key'] === KEY);
          if (provider === 'openai' && stream) assert.deepEqual(server.requests[0]!.body.stream_options, { include_usage: true });
        });

        it(`prompt caching: a repeated static prefix is a cache read (${stream ? 'streamed' : 'non-streamed'})`, async () => {
          const messages = [{ role: 'system' as const, content: LONG_SYSTEM }, { role: 'user' as const, content: 'question one' }];
          const first = await run(provider, { stream, messages });
          const second = await run(provider, { stream, messages: [messages[0]!, { role: 'user', content: 'question two' }] });
          const prefix = serverTokens(LONG_SYSTEM);
          if (provider === 'anthropic') {
            assert.deepEqual(server.requests[0]!.body.system, [{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral' } }]);
            assert.equal(first.res.usage.cacheWrite5m, prefix);
            assert.equal(first.res.usage.cacheRead, 0);
            assert.equal(second.res.usage.cacheRead, prefix);
            assert.equal(second.res.usage.cacheWrite5m, 0);
            assert.deepEqual(second.res.promptCache, { breakpoints: ['system'] });
            assert.ok(second.res.savedMicros.providerCache! > 0);
            assert.ok(first.res.savedMicros.providerCache! < 0, 'a cache write costs more than plain input');
          } else {
            const key = server.requests[0]!.body.prompt_cache_key;
            assert.match(key, /^pm-[0-9a-f]{16}$/);
            assert.equal(server.requests[1]!.body.prompt_cache_key, key);
            assert.equal(first.res.usage.cacheRead, 0);
            assert.equal(second.res.usage.cacheRead, Math.floor(prefix / 128) * 128);
            assert.equal(second.res.usage.inputUncached + second.res.usage.cacheRead, serverTokens(`${LONG_SYSTEM}\nquestion two`));
            assert.ok(second.res.savedMicros.providerCache! > 0);
          }
        });

        it(`missing usage is charged at the worst case, marked estimated, told once per base URL (${stream ? 'streamed' : 'non-streamed'})`, async () => {
          server.script('no-usage', { times: 2 });
          const call = createProviderCall(options());
          const notices: string[] = [];
          const c = context();
          const res = await call(request(provider, { stream }), { ...c.ctx, notice: (m) => notices.push(m) }) as ProviderChatResponse;
          assert.equal(res.text, 'Answer to: hello there');
          assert.equal(res.usageMissing, true);
          assert.equal(res.usageEstimated, true);
          // The budget's worst case: every allowed output token, and an input estimate at least the real count.
          assert.equal(res.usage.output, 200);
          assert.ok(res.usage.inputUncached >= serverTokens('hello there'));
          assert.ok(c.logs.some((l) => /no token usage/.test(l)));
          await call(request(provider, { stream }), { ...c.ctx, notice: (m) => notices.push(m) });
          assert.equal(notices.length, 1, 'told once per provider and base URL');
          assert.match(notices[0]!, /worst case/);
        });

        it(`max tokens reached maps to finishReason length (${stream ? 'streamed' : 'non-streamed'})`, async () => {
          const { res } = await run(provider, { stream, maxTokens: 2 });
          assert.equal(res.finishReason, 'length');
        });
      }

      it('sends no request without an API key and says how to set one', async () => {
        const e = await fails(provider, {}, { apiKey: async () => undefined });
        assert.match(e.message, /Promptmeter: Set API Key/);
        assert.equal(server.requests.length, 0);
      });

      describe('fault matrix', () => {
        for (const wait of ['0', '1'] as const) {
          it(`429 with retry-after ${wait} is retried by the SDK and succeeds (2 requests)`, async () => {
            server.script(`429-${wait}`);
            const { res } = await run(provider);
            assert.equal(res.text, 'Answer to: hello there');
            assert.equal(server.requests.length, 2);
          });
        }

        it('429 with retry-after 3600 fails fast with the wait in the message', async () => {
          server.script('429-3600');
          const t = Date.now();
          const e = await fails(provider);
          assert.ok(Date.now() - t < 3000, 'did not sleep on retry-after');
          assert.equal(e.status, 429);
          assert.equal(e.retryable, true);
          assert.match(e.message, /429/);
          assert.match(e.message, /3600 s/);
          assert.equal(server.requests.length, 1);
        });

        for (const status of ['500', '503', '529'] as const) {
          it(`${status} once is retried and succeeds`, async () => {
            server.script(status);
            const { res } = await run(provider);
            assert.equal(res.text, 'Answer to: hello there');
            assert.equal(server.requests.length, 2);
          });
          it(`${status} persistent: retried, then a clear error`, async () => {
            server.script(status, { times: Infinity });
            const e = await fails(provider, {}, { maxRetries: 1 });
            assert.equal(e.status, Number(status));
            assert.equal(e.retryable, true);
            assert.match(e.message, status === '529' ? /overloaded/ : /server error|overloaded/);
            assert.equal(server.requests.length, 2);
          });
        }

        it('connection reset is retried and succeeds', async () => {
          server.script('reset');
          const { res } = await run(provider);
          assert.equal(res.text, 'Answer to: hello there');
          assert.equal(server.requests.length, 2);
        });

        it('persistent connection reset: a connection error naming the host', async () => {
          server.script('reset', { times: Infinity });
          const e = await fails(provider, {}, { maxRetries: 1 });
          assert.match(e.message, /Could not reach/);
          assert.ok(e.message.includes(new URL(server.url).host));
          assert.equal(server.requests.length, 2);
        });

        it('hang: a timeout error after the configured timeout', async () => {
          server.script('hang', { times: Infinity });
          const e = await fails(provider, {}, { timeoutMs: 300, maxRetries: 1 });
          assert.match(e.message, /did not answer within 0.3 s/);
          assert.match(e.message, /promptmeter\.request\.timeoutMs/);
          assert.equal(server.requests.length, 2);
        });

        for (const stream of [false, true]) {
          it(`a provider that never answers fails after the first-byte timeout, without SDK retries (${stream ? 'streamed' : 'non-streamed'})`, async () => {
            server.script('hang', { times: Infinity });
            const t = Date.now();
            const e = await fails(provider, { stream }, { firstByteTimeoutMs: 400, maxRetries: 2 });
            const took = Date.now() - t;
            assert.ok(took >= 350 && took < 2500, `took ${took} ms`);
            assert.match(e.message, /no response within 0.4 s \(first-byte timeout, 1 attempt\)/);
            assert.match(e.message, /promptmeter\.request\.firstByteTimeoutMs/);
            assert.equal(server.requests.length, 1, 'the SDK did not retry a hang');
          });
        }

        it('messages count the attempts made: 1 first try plus the retries', async () => {
          server.script('500', { times: Infinity });
          const e = await fails(provider, {}, { maxRetries: 1 });
          assert.match(e.message, /after 2 attempts/);
          server.reset();
          server.script('500', { times: Infinity });
          const none = await fails(provider, {}, { maxRetries: 0 });
          assert.match(none.message, /after 1 attempt;/);
        });

        for (const stream of [true, false]) {
          it(`stall mid-${stream ? 'stream' : 'body'}: the idle watchdog aborts with a clear error`, async () => {
            server.script('stall');
            const t = Date.now();
            const { ctx, deltas } = context();
            const e = await createProviderCall(options({ streamIdleMs: 300 }))(request(provider, { stream }), ctx)
              .then(() => assert.fail('expected failure'), (x: unknown) => x as ProviderError);
            errorMessages.push(e.message);
            assert.ok(e instanceof ProviderError);
            assert.match(e.message, /stopped sending data for 0.3 s/);
            assert.match(e.message, /promptmeter\.request\.streamIdleMs/);
            assert.ok(Date.now() - t < 3000);
            if (stream) assert.ok(deltas.length >= 1, 'some text arrived before the stall');
            assert.equal(server.requests.length, 1);
            if (stream) {
              // Issue 9: the provider billed what it sent; the record must not say 0.
              assert.equal(e.usageEstimated, true);
              assert.ok(e.usage!.inputUncached >= serverTokens('hello there'));
              assert.ok(e.usage!.output >= 1, 'output estimated from the text received');
            }
          });
        }

        it('401 says how to set the key and never echoes it (the provider does)', async () => {
          server.script('401');
          const e = await fails(provider);
          assert.equal(e.status, 401);
          assert.match(e.message, /"Promptmeter: Set API Key"/);
          assert.equal(e.cause, undefined, 'the SDK error echoing the key is dropped');
          assert.equal(server.requests.length, 1);
        });

        it('400 passes the provider text through with the key redacted', async () => {
          server.script('400');
          const e = await fails(provider);
          assert.equal(e.status, 400);
          assert.match(e.message, /Invalid request made with key \*\*\*/);
        });

        it('SSE error event after a 200: a clear error, and the usage so far stays on it', async () => {
          server.script('sse-error');
          const e = await fails(provider, { stream: true });
          assert.match(e.message, /mid-answer/);
          assert.equal(e.retryable, true);
          assert.ok(e.usage && e.usage.inputUncached + e.usage.output > 0, 'never 0 usage');
          if (provider === 'anthropic') assert.equal(e.usage!.inputUncached, serverTokens('hello there'), 'message_start reported the input');
        });

        it('cancelling mid-stream keeps an estimate of what was received', async () => {
          server.script('stall');
          const ac = new AbortController();
          const { ctx, deltas } = context(ac.signal);
          const call = createProviderCall(options({ streamIdleMs: 10_000 }))(request(provider, { stream: true }), {
            ...ctx, onDelta: (d) => { deltas.push(d); ac.abort(); },
          });
          const e = await call.then(() => assert.fail('expected a cancel'), (x: unknown) => x as ProviderError);
          assert.match(e.message, /cancelled/);
          assert.equal(e.usageEstimated, true);
          assert.ok(e.usage!.output >= 1 && e.usage!.inputUncached >= 1);
        });

        for (const stream of [false, true]) {
          it(`malformed JSON (${stream ? 'streamed' : 'non-streamed'}): a clear error`, async () => {
            server.script('malformed');
            const e = await fails(provider, { stream });
            assert.match(e.message, /malformed/);
            assert.match(e.message, /base URL/);
          });
        }

        it('cancelling during an SDK retry wait rejects at once', async () => {
          server.script('429-1');
          const ac = new AbortController();
          void server.waitForRequests(1).then(() => ac.abort());
          const t = Date.now();
          const e = await fails(provider, {}, {}, ac.signal);
          assert.match(e.message, /cancelled/);
          assert.ok(Date.now() - t < 900, 'did not wait out retry-after');
        });

        it('cancelling a hanging request rejects with cancelled', async () => {
          server.script('hang');
          const ac = new AbortController();
          void server.waitForRequests(1).then(() => ac.abort());
          const e = await fails(provider, { stream: true }, {}, ac.signal);
          assert.match(e.message, /cancelled/);
          assert.equal(server.requests.length, 1);
        });
      });
    });
  }

  it('OpenAI json response format yields valid JSON', async () => {
    const { res } = await run('openai', { responseFormat: 'json' });
    assert.deepEqual(JSON.parse(res.text), { answer: 'Answer to: hello there' });
    assert.deepEqual(server.requests[0]!.body.response_format, { type: 'json_object' });
  });

  it('Anthropic: leading system messages are lifted, later history gets a breakpoint when long', async () => {
    const messages = [
      { role: 'system' as const, content: LONG_SYSTEM }, { role: 'user' as const, content: 'example ' + 'x'.repeat(4000) },
      { role: 'assistant' as const, content: 'example answer' }, { role: 'user' as const, content: 'real question' },
    ];
    const { res } = await run('anthropic', { messages });
    const body = server.requests[0]!.body;
    assert.equal(body.messages.length, 3);
    assert.deepEqual(body.messages[1].content, [{ type: 'text', text: 'example answer', cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual(res.promptCache, { breakpoints: ['system', 'history'] });
    assert.equal(res.text, 'Answer to: real question');
  });

  it('the embeddings endpoint gives close vectors for similar texts', async () => {
    const OpenAI = (await import('openai')).default;
    const client = new OpenAI({ apiKey: KEY, baseURL: server.openaiBaseUrl, maxRetries: 0 });
    const r = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['the cat sat on the mat', 'the cat sat on a mat', 'quarterly revenue report'] });
    const [a, b, c] = r.data.map((d) => d.embedding);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    assert.ok(Math.abs(dot(a!, a!) - 1) < 1e-5);
    assert.ok(dot(a!, b!) > 0.7);
    assert.ok(dot(a!, c!) < dot(a!, b!));
  });

  it('count_tokens answers with the input size', async () => {
    const Anthropic = (await import('@anthropic-ai/sdk')).default;
    const client = new Anthropic({ apiKey: KEY, baseURL: server.anthropicBaseUrl, maxRetries: 0 });
    const r = await client.messages.countTokens({ model: MODEL.anthropic, messages: [{ role: 'user', content: 'hello there' }] });
    assert.equal(r.input_tokens, serverTokens('hello there'));
  });

  it('a [[fault:...]] marker in the prompt scripts a fault for the first matching request', async () => {
    const { res } = await run('openai', { messages: [{ role: 'user', content: 'hi [[fault:500]]' }] });
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0]!.fault, '500');
    assert.match(res.text, /^Answer to: hi/);
  });
});
