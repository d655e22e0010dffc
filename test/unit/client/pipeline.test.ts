import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createClient } from 'redis';
import { budgetStage, BudgetManager } from '../../../src/core/client/budget/budget';
import { ledgerStage } from '../../../src/core/client/ledgerStage';
import { createPipeline, type Pipeline, type PipelineOptions } from '../../../src/core/client/pipeline';
import { openAIEmbedder } from '../../../src/core/client/semantic';
import { createProviderCall } from '../../../src/core/client/providers';
import type { ChatRequest, RouteConfig } from '../../../src/core/client/types';
import { Ledger } from '../../../src/core/ledger/ledgerFile';
import { startProviderServer, type ProviderServer } from '../../support/providerServer';
import { startRedis, type RedisServer } from '../../support/redis';
import { ctx, makeReq, prices } from './pipeline-fakes';

const KEY = 'sk-pipeline-SECRET-1234567890';
const route: RouteConfig = { cheap: 'cheap-model', strong: 'strong-model', cascade: true, fallback: [] };

describe('pipeline against the test provider server (real SDKs)', () => {
  let server: ProviderServer;
  let dir: string;
  const open: Pipeline[] = [];
  const chat = () => server.requestsTo('/chat/completions');
  const req = (over: Partial<ChatRequest> = {}) => makeReq({ baseUrl: server.openaiBaseUrl, ...over });
  const pipeline = (o: Partial<PipelineOptions> = {}, maxRetries = 2) => {
    const p = createPipeline({
      terminal: createProviderCall({ apiKey: async () => KEY, timeoutMs: 5000, maxRetries, streamIdleMs: 2000, prices }),
      prices, cache: { dir: path.join(dir, 'cache'), secret: 'test-cache-secret-0123456789abcdef' }, ...o,
    });
    open.push(p);
    return p;
  };

  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });
  beforeEach(() => { server.reset(); dir = mkdtempSync(path.join(tmpdir(), 'pm-pipe-')); });
  afterEach(async () => { await Promise.all(open.splice(0).map((p) => p.dispose())); rmSync(dir, { recursive: true, force: true }); });

  it('answers a repeated request from the cache without an HTTP request', async () => {
    const p = pipeline();
    const first = await p.run(req(), ctx());
    assert.equal(first.cache, 'miss');
    assert.ok(first.usage.inputUncached > 0);
    const second = await p.run(req(), ctx());
    assert.equal(second.cache, 'memory');
    assert.equal(second.text, first.text);
    assert.equal(chat().length, 1);
    // A new process (fresh memory) finds it on disk.
    const third = await pipeline().run(req(), ctx());
    assert.equal(third.cache, 'disk');
    assert.equal(chat().length, 1);
  });

  it('sends exactly one request for 20 identical concurrent runs', async () => {
    const p = pipeline();
    const results = await Promise.all(Array.from({ length: 20 }, () => p.run(req({ stream: true }), ctx())));
    assert.equal(chat().length, 1);
    assert.ok(results.every((r) => r.text === results[0].text));
    assert.equal(results.filter((r) => r.cache === 'miss').length, 1);
  });

  it('cascades to the strong model exactly when the cheap answer fails validation', async () => {
    const p = pipeline();
    const auto = (content: string) => req({ model: 'auto', messages: [{ role: 'user', content }], meta: { workspace: 'w', route } });
    server.answer((r) => (r.body.model === 'cheap-model' ? 'Blue.' : undefined));
    const ok = await p.run(auto('Name a colour.'), ctx());
    assert.equal(ok.route, 'auto:cheap');
    assert.deepEqual(chat().map((r) => r.body.model), ['cheap-model']);
    assert.ok((ok.savedMicros.cascade ?? 0) > 0);

    server.reset();
    server.answer((r) => (r.body.model === 'cheap-model' ? "I can't help with that." : undefined));
    const escalated = await p.run(auto('Name a fruit.'), ctx());
    assert.equal(escalated.route, 'cascade:escalated');
    assert.equal(escalated.model, 'strong-model');
    assert.deepEqual(chat().map((r) => r.body.model), ['cheap-model', 'strong-model']);
  });

  it('falls back only after the SDK retries, with no second retry loop', async () => {
    const p = pipeline({}, 1);
    server.script('500', { times: 2 });
    const r = await p.run(req({ model: 'strong-model', meta: { workspace: 'w', route: { ...route, fallback: ['fb-model'] } } }), ctx());
    assert.equal(r.route, 'fallback:strong-model');
    assert.equal(r.model, 'fb-model');
    // 1 try + 1 SDK retry on the failing model, then one request to the fallback.
    assert.deepEqual(chat().map((x) => x.body.model), ['strong-model', 'strong-model', 'fb-model']);
  });

  it('records every call in the ledger, cache hits and errors included', async () => {
    const ledger = new Ledger({ path: path.join(dir, 'spend.jsonl'), maxSizeBytes: 1 << 20 });
    const p = pipeline({ ledgerStage: ledgerStage({ ledger, prices, workspace: 'w', secrets: () => [KEY] }) }, 0);
    await p.run(req(), ctx());
    await p.run(req(), ctx());
    server.script('500', { times: 1 });
    await assert.rejects(p.run(req({ model: 'strong-model' }), ctx()));
    const { records } = await ledger.readAll();
    assert.deepEqual(records.map((r) => [r.cache, r.status]), [['miss', 'ok'], ['memory', 'ok'], ['miss', 'error']]);
    assert.equal(records[1].costMicros, 0);
    assert.ok(records[1].savedMicros.exactCache > 0);
  });

  it('runs under a real budget stage that blocks an over-limit call before any request', async () => {
    const ledger = new Ledger({ path: path.join(dir, 'spend.jsonl'), maxSizeBytes: 1 << 20 });
    const manager = new BudgetManager({ ledger, prices, limits: { dailyUSD: 0, weeklyUSD: 0, monthlyUSD: 0, perCallUSD: 0.000001 } });
    const p = pipeline({ ledgerStage: ledgerStage({ ledger, prices, workspace: 'w' }), budgetStage: budgetStage(manager) });
    await assert.rejects(p.run(req({ model: 'strong-model' }), ctx()), /budget|limit/i);
    assert.equal(chat().length, 0);
    const { records } = await ledger.readAll();
    assert.equal(records[0].status, 'budget-blocked');
  });

  it('answers a similar prompt from the semantic cache when it is enabled', async () => {
    const embed = openAIEmbedder({ baseURL: server.openaiBaseUrl, apiKey: KEY, model: 'text-embedding-3-small' });
    const p = pipeline({ semantic: { embed, threshold: 0.8 } });
    const ask = (content: string) => req({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content }] });
    await p.run(ask('Please summarise the history of the river Thames'), ctx());
    const hit = await p.run(ask('Summarise the history of the river Thames'), ctx());
    assert.equal(hit.cache, 'semantic');
    assert.equal(chat().length, 1);
    assert.equal((await p.run(ask('Summarise the history of the river Thames in 3 lines'), ctx())).cache, 'miss');
    assert.equal(chat().length, 2);
  });

  describe('with Redis', () => {
    let redis: RedisServer;
    before(async () => { redis = await startRedis(); });
    after(async () => { await redis?.stop(); });

    it('never writes the API key into disk cache files or Redis values', async () => {
      const p = pipeline({ cache: { dir: path.join(dir, 'cache'), redisUrl: redis.url, secret: 'test-cache-secret-0123456789abcdef' } });
      await p.run(req({ messages: [{ role: 'user', content: 'Say something.' }] }), ctx());
      const files = readdirSync(path.join(dir, 'cache'));
      assert.equal(files.length, 1);
      for (const f of files) assert.ok(!readFileSync(path.join(dir, 'cache', f), 'utf8').includes(KEY));
      const raw = createClient({ url: redis.url });
      await raw.connect();
      try {
        const keys = await raw.keys('promptmeter:v1:*');
        assert.equal(keys.length, 1);
        for (const k of keys) assert.ok(!(await raw.get(k))!.includes(KEY));
        // The key did travel to the provider: the search above would have found it had it been stored.
        assert.equal(chat()[0].headers.authorization, `Bearer ${KEY}`);
      } finally { await raw.close(); }
      const counts = await p.clearCache({ all: true });
      assert.deepEqual(counts, { memory: 1, disk: 1, redis: 1 });
    });
  });
});
