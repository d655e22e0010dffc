import assert from 'node:assert/strict';
import { complexityScore, DEFAULT_COMPLEXITY, routerStage, validateAnswer } from '../../../src/core/client/router';
import { ProviderError, type ChatRequest, type RouteConfig } from '../../../src/core/client/types';
import { ctx, fakeNext, makeReq, makeResp, prices, usage } from './pipeline-fakes';

const route: RouteConfig = { cheap: 'cheap-model', strong: 'strong-model', cascade: true, fallback: [] };
const auto = (content: string, over: Partial<ChatRequest> = {}) =>
  makeReq({ model: 'auto', messages: [{ role: 'user', content }], meta: { workspace: 'w', route }, ...over });
const hard = 'Prove step by step why the algorithm is correct, and analyze its trade-offs in a detailed essay.';

describe('complexityScore', () => {
  it('scores a trivial prompt low and a reasoning prompt high', () => {
    assert.ok(complexityScore(auto('Name a colour.')).score < DEFAULT_COMPLEXITY.threshold);
    assert.ok(complexityScore(auto(hard)).score >= DEFAULT_COMPLEXITY.threshold);
  });

  it('counts code fences, JSON mode and input size', () => {
    const f = complexityScore(auto('Fix:\n```js\nx()\n```\n' + 'word '.repeat(8000), { responseFormat: 'json' })).features;
    assert.equal(f.codeFences, 1);
    assert.equal(f.jsonSchema, 1);
    assert.ok(f.inputTokens > 8000);
  });

  it('takes its threshold as data', () => {
    const strict = { ...DEFAULT_COMPLEXITY, threshold: 0 };
    assert.ok(complexityScore(auto('hi'), strict).score >= strict.threshold);
  });
});

describe('validateAnswer', () => {
  const req = makeReq();
  it('accepts a normal answer and rejects empty, refusals, truncation and bad JSON', () => {
    assert.deepEqual(validateAnswer(makeResp({ text: 'Blue.' }), req), { ok: true });
    assert.equal(validateAnswer(makeResp({ text: '  ' }), req).ok, false);
    assert.equal(validateAnswer(makeResp({ text: "I can't help with that." }), req).ok, false);
    assert.equal(validateAnswer(makeResp({ text: 'I cannot do this.' }), req).ok, false);
    assert.equal(validateAnswer(makeResp({ text: 'As an AI language model, I have no colour.' }), req).ok, false);
    assert.equal(validateAnswer(makeResp({ finishReason: 'length' }), req).ok, false);
    assert.equal(validateAnswer(makeResp({ text: '{"a":' }), makeReq({ responseFormat: 'json' })).ok, false);
    assert.equal(validateAnswer(makeResp({ text: '{"a":1}' }), makeReq({ responseFormat: 'json' })).ok, true);
    // A refusal phrase later in a real answer is not a refusal.
    assert.equal(validateAnswer(makeResp({ text: 'Blue. Some people say "I cannot choose".' }), req).ok, true);
  });
});

describe('routerStage', () => {
  it('passes an explicit model through as direct', async () => {
    const next = fakeNext();
    const r = await routerStage({ prices })(makeReq({ model: 'gpt-x' }), ctx(), next);
    assert.equal(r.route, 'direct');
    assert.equal(next.calls[0].model, 'gpt-x');
  });

  it('auto without cascade picks cheap for a simple prompt and counts the routing saving', async () => {
    const next = fakeNext();
    const r = await routerStage({ prices })(auto('Name a colour.', { meta: { workspace: 'w', route: { ...route, cascade: false } } }), ctx(), next);
    assert.equal(r.route, 'auto:cheap');
    assert.deepEqual(next.calls.map((c) => c.model), ['cheap-model']);
    // strong on the same usage: 1000*10 + 100*30 = 13000; cheap paid 1000*1 + 100*2 = 1200.
    assert.equal(r.savedMicros.routing, 13000 - 1200);
  });

  it('auto picks strong for a hard prompt', async () => {
    const next = fakeNext();
    const r = await routerStage({ prices })(auto(hard), ctx(), next);
    assert.equal(r.route, 'auto:strong');
    assert.deepEqual(next.calls.map((c) => c.model), ['strong-model']);
  });

  it('cascade keeps a valid cheap answer and counts the strong cost avoided', async () => {
    const next = fakeNext((req) => makeResp({ model: req.model }));
    const r = await routerStage({ prices })(auto('Name a colour.'), ctx(), next);
    assert.equal(r.route, 'auto:cheap');
    assert.deepEqual(next.calls.map((c) => c.model), ['cheap-model']);
    assert.equal(r.savedMicros.cascade, 13000 - 1200);
  });

  it('cascade escalates exactly when validation fails, and reports the cheap call it paid for', async () => {
    for (const [text, finish, escalates] of [
      ['Blue.', 'stop', false], ['', 'stop', true], ["I can't help with that.", 'stop', true], ['Blu', 'length', true],
    ] as const) {
      const next = fakeNext((req) => req.model === 'cheap-model' ? makeResp({ model: req.model, text, finishReason: finish }) : makeResp({ model: req.model, text: 'Strong blue.', usage: usage(1000, 50) }));
      const r = await routerStage({ prices })(auto('Name a colour.'), ctx(), next);
      assert.equal(next.calls.length, escalates ? 2 : 1, text);
      assert.equal(r.route, escalates ? 'cascade:escalated' : 'auto:cheap');
      if (escalates) {
        assert.equal(r.text, 'Strong blue.');
        assert.equal(r.priorAttempts?.[0].model, 'cheap-model');
        assert.equal(r.savedMicros.cascade, undefined);
      }
    }
  });

  it('cascade streams the cheap answer only once it passed, and never a rejected one', async () => {
    const deltas: string[] = [];
    const next = fakeNext((req, c) => {
      const text = req.model === 'cheap-model' ? 'I cannot.' : 'Blue.';
      c.onDelta?.(text);
      return makeResp({ model: req.model, text });
    });
    await routerStage({ prices })(auto('Name a colour.', { stream: true }), ctx({ onDelta: (d) => deltas.push(d) }), next);
    assert.deepEqual(deltas, ['Blue.']);
  });

  it('falls back in order after a ProviderError, never calling a failed model twice', async () => {
    const next = fakeNext((req) => {
      if (req.model !== 'fb-model') throw new ProviderError(`${req.model} down`, 503, true);
      return makeResp({ model: req.model });
    });
    const req = makeReq({ model: 'primary', meta: { workspace: 'w', route: { ...route, fallback: ['primary', 'other', 'fb-model', 'last'] } } });
    const r = await routerStage({ prices })(req, ctx(), next);
    assert.deepEqual(next.calls.map((c) => c.model), ['primary', 'other', 'fb-model']);
    assert.equal(r.route, 'fallback:primary');
    assert.equal(r.model, 'fb-model');
  });

  it('reports every failure when all models fail', async () => {
    const next = fakeNext((req) => { throw new ProviderError(`${req.model} down`, 503, true); });
    const req = makeReq({ model: 'a', meta: { workspace: 'w', route: { ...route, fallback: ['b'] } } });
    await assert.rejects(routerStage()(req, ctx(), next), (e: Error) => e instanceof ProviderError && /a down/.test(e.message) && /b down/.test(e.message));
  });

  it('never falls back after an abort, nor after a non-provider error', async () => {
    const ac = new AbortController();
    const next = fakeNext(() => { ac.abort(); throw new ProviderError('The request was cancelled.'); });
    const req = makeReq({ model: 'a', meta: { workspace: 'w', route: { ...route, fallback: ['b'] } } });
    await assert.rejects(routerStage()(req, { signal: ac.signal }, next), /cancelled/);
    assert.equal(next.calls.length, 1);
    const buggy = fakeNext(() => { throw new TypeError('bug'); });
    await assert.rejects(routerStage()(req, ctx(), buggy), TypeError);
    assert.equal(buggy.calls.length, 1);
  });

  it('switches provider and base URL only for route models with a provider prefix', async () => {
    const next = fakeNext((req) => {
      if (req.provider === 'openai') throw new ProviderError('down', 503, true);
      return makeResp({ model: req.model, provider: req.provider });
    });
    const req = makeReq({ model: 'gpt-x', meta: { workspace: 'w', route: { ...route, fallback: ['other-openai', 'anthropic/claude-x'] } } });
    const r = await routerStage({ baseUrls: { anthropic: 'http://a' } })(req, ctx(), next);
    assert.deepEqual(next.calls.map((c) => [c.provider, c.model, c.baseUrl]), [['openai', 'gpt-x', ''], ['openai', 'other-openai', ''], ['anthropic', 'claude-x', 'http://a']]);
    assert.equal(r.route, 'fallback:gpt-x');
  });

  it('refuses auto without a route', async () => {
    await assert.rejects(routerStage()(makeReq({ model: 'auto' }), ctx(), fakeNext()), /needs a route/);
  });
});
