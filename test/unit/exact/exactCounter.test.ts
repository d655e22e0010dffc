// ExactCounter over HTTP with the real Anthropic and OpenAI SDKs against the local provider server.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChatRequest } from '../../../src/core/client/types';
import { CalibrationTable } from '../../../src/core/exact/calibration';
import { CountCache } from '../../../src/core/exact/countCache';
import { ExactCounter } from '../../../src/core/exact/exactCounter';
import { RateLimiter } from '../../../src/core/exact/rateLimit';
import { ProviderServer } from '../../support/providerServer';

const KEY = 'sk-ant-test-exactcount-0123456789abcdef';
const OPENAI_KEY = 'sk-test-exactcount-openai-0123456789';

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  provider: 'anthropic', baseUrl: '', model: 'claude-sonnet-4-5', maxTokens: 100, stream: false, meta: { workspace: '/w' },
  messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Say hi.' }],
  ...over,
});

describe('ExactCounter', () => {
  let server: ProviderServer;
  let dir: string;
  let perMinute = 100;
  let keys: Record<string, string | undefined>;
  const make = () => new ExactCounter({
    cache: new CountCache(path.join(dir, 'counts.json')),
    calibration: new CalibrationTable(path.join(dir, 'calibration.json')),
    limiter: new RateLimiter(() => perMinute),
    apiKey: async (p) => keys[p],
    baseUrl: (p) => (p === 'anthropic' ? server.anthropicBaseUrl : server.openaiBaseUrl),
  });

  before(async () => { server = await ProviderServer.start(); });
  after(async () => { await server.close(); });
  beforeEach(async () => {
    server.reset();
    perMinute = 100;
    keys = { anthropic: KEY, openai: OPENAI_KEY };
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pm-exact-'));
  });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it('sends system, messages, tools and the client\'s cache_control to count_tokens and returns the server\'s figure', async () => {
    server.counts.answer('anthropic', 1234);
    const tools = [{ type: 'function', function: { name: 'lookup', description: 'Find a thing', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];
    const r = await make().count(request({ tools }), 1000);
    assert.deepEqual({ ok: r.ok, tokens: r.ok && r.inputTokens, source: r.ok && r.source }, { ok: true, tokens: 1234, source: 'provider' });
    const [sent] = server.counts.requests('anthropic');
    assert.equal(String(sent!.headers['x-api-key'] ?? sent!.headers.authorization).replace(/^Bearer /, ''), KEY);
    assert.equal(sent!.body.model, 'claude-sonnet-4-5');
    assert.deepEqual(sent!.body.system, [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual(sent!.body.messages, [{ role: 'user', content: 'Say hi.' }]);
    assert.deepEqual(sent!.body.tools, [{ name: 'lookup', description: 'Find a thing', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }]);
    assert.equal(sent!.body.max_tokens, undefined, 'count_tokens takes no max_tokens');
  });

  it('answers a repeated request from the disk cache, also in a new counter (a reopened editor)', async () => {
    server.counts.answer('anthropic', 77);
    assert.equal((await make().count(request())).ok, true);
    const again = await make().count(request());
    assert.deepEqual(again.ok && [again.inputTokens, again.source], [77, 'cache']);
    assert.equal(server.counts.requests().length, 1);
  });

  it('keeps to the requests-per-minute limit', async () => {
    perMinute = 2;
    const c = make();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await c.count(request({ messages: [{ role: 'user', content: `question ${i}` }] })));
    assert.deepEqual(results.map((r) => r.ok), [true, true, false, false]);
    assert.match(!results[2]!.ok ? results[2]!.reason : '', /requestsPerMinute/);
    assert.equal(server.counts.requests().length, 2);
  });

  it('fails with a reason and no request when there is no key', async () => {
    keys = {};
    const r = await make().count(request());
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /no Anthropic API key.*Set API Key/);
    assert.equal(server.counts.requests().length, 0);
  });

  it('reports a 429 as rate limited, without retrying', async () => {
    server.counts.fail('anthropic', 429);
    const r = await make().count(request());
    assert.match(!r.ok ? r.reason : '', /rate limited.*429/);
    assert.equal(server.counts.requests().length, 1);
  });

  it('reports an unreachable provider as offline', async () => {
    const closed = await ProviderServer.start();
    const url = closed.anthropicBaseUrl;
    await closed.close();
    const c = new ExactCounter({
      cache: new CountCache(path.join(dir, 'c.json')), calibration: new CalibrationTable(path.join(dir, 'k.json')),
      limiter: new RateLimiter(() => 10), apiKey: async () => KEY, baseUrl: () => url,
    });
    const r = await c.count(request());
    assert.match(!r.ok ? r.reason : '', /offline or unreachable/);
  });

  it('counts OpenAI input with responses.inputTokens.count, tools in Responses shape', async () => {
    server.counts.answer('openai', 321);
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    const r = await make().count(request({ provider: 'openai', model: 'gpt-4o', tools, responseFormat: 'json' }));
    assert.deepEqual(r.ok && r.inputTokens, 321);
    const [sent] = server.counts.requests('openai');
    assert.equal(sent!.headers.authorization, `Bearer ${OPENAI_KEY}`);
    assert.deepEqual(sent!.body.input, [
      { type: 'message', role: 'system', content: 'You are terse.' }, { type: 'message', role: 'user', content: 'Say hi.' }]);
    assert.deepEqual(sent!.body.tools, [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} }, strict: false }]);
    assert.deepEqual(sent!.body.text, { format: { type: 'json_object' } });
  });

  it('records exact ÷ estimate per model family, and neither file holds the key', async () => {
    server.counts.answer('anthropic', 150, 1);
    const c = make();
    await c.count(request({ model: 'claude-sonnet-4-5-20250929' }), 120);
    server.counts.fail('anthropic', 401);
    await c.count(request({ messages: [{ role: 'user', content: 'other' }] }), 10);
    const table = new CalibrationTable(path.join(dir, 'calibration.json'));
    const row = await table.get('claude-sonnet-4-5');
    assert.equal(row?.ratio, 150 / 120);
    assert.equal(row?.estimate, 120);
    for (const f of ['counts.json', 'calibration.json']) {
      const text = await fs.readFile(path.join(dir, f), 'utf8');
      assert.ok(text.length > 10, `${f} is empty`);
      assert.ok(!text.includes(KEY) && !text.includes(OPENAI_KEY), `${f} holds an API key`);
    }
  });
});
