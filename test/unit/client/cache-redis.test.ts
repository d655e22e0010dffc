import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { cacheKey, exactCacheStage, memoryLayer, redisLayer, type CacheEntry, type CacheLayerStore } from '../../../src/core/client/cache';
import { sealEntry } from '../../../src/core/client/cache/integrity';
import { freePort, startRedis, type RedisServer } from '../../support/redis';
import { ctx, fakeNext, makeReq, makeResp, prices } from './pipeline-fakes';

const SHARED = 'team-redis-secret-0123456789';
const entry = (key: string, over: Partial<CacheEntry> = {}): CacheEntry => ({
  v: 1, key, createdAt: Date.now(), expiresAt: Date.now() + 60_000, file: 'a.prompty', response: makeResp(), ...over,
});

describe('redis layer (real redis-server)', () => {
  let server: RedisServer;
  let raw: ReturnType<typeof createClient>;
  const layers: CacheLayerStore[] = [];
  const make = (ns = 'promptmeter:v1:') => { const l = redisLayer({ url: server.url, namespace: ns, secret: SHARED }); layers.push(l); return l; };

  before(async () => {
    server = await startRedis();
    raw = createClient({ url: server.url });
    await raw.connect();
  });
  after(async () => { await raw?.close(); await server?.stop(); });
  beforeEach(async () => { await raw.flushAll(); });
  afterEach(async () => { await Promise.all(layers.splice(0).map((l) => l.dispose?.())); });

  it('stores under the promptmeter:v1: namespace with a TTL and reads it back', async () => {
    const l = make();
    await l.set('pm1:a', entry('pm1:a'), 60);
    assert.deepEqual(await raw.keys('*'), ['promptmeter:v1:pm1:a']);
    const ttl = await raw.ttl('promptmeter:v1:pm1:a');
    assert.ok(ttl > 0 && ttl <= 60);
    assert.equal((await l.get('pm1:a'))?.response.text, 'Blue.');
    await l.delete('pm1:a');
    assert.equal(await l.get('pm1:a'), undefined);
  });

  it('treats a value that fails the schema check as a miss and removes it', async () => {
    const l = make();
    await raw.set('promptmeter:v1:pm1:junk', '{"v":1,"key":"pm1:junk","response":{"text":3}}');
    await raw.set('promptmeter:v1:pm1:text', 'not json');
    assert.equal(await l.get('pm1:junk'), undefined);
    assert.equal(await l.get('pm1:text'), undefined);
    assert.equal(await raw.exists(['promptmeter:v1:pm1:junk', 'promptmeter:v1:pm1:text']), 0);
  });

  it('refuses a forged entry that passes the schema check, and serves one signed with the shared secret', async () => {
    const l = make();
    await raw.set('promptmeter:v1:pm1:forged', JSON.stringify(entry('pm1:forged')));
    await raw.set('promptmeter:v1:pm1:other', sealEntry(entry('pm1:other'), 'not-the-shared-secret'));
    assert.equal(await l.get('pm1:forged'), undefined);
    assert.equal(await l.get('pm1:other'), undefined);
    await raw.set('promptmeter:v1:pm1:team', sealEntry(entry('pm1:team'), SHARED));
    assert.equal((await l.get('pm1:team'))?.response.text, 'Blue.', 'another user with the same secret wrote it');
  });

  it('deletes a key of the wrong type (a LIST) and rewrites it', async () => {
    const l = make();
    await raw.rPush('promptmeter:v1:pm1:list', ['x', 'y']);
    assert.equal(await l.get('pm1:list'), undefined);
    assert.equal(await raw.exists('promptmeter:v1:pm1:list'), 0, 'the LIST was deleted');
    await l.set('pm1:list', entry('pm1:list'), 60);
    assert.equal((await l.get('pm1:list'))?.response.text, 'Blue.');
    assert.equal(await raw.type('promptmeter:v1:pm1:list'), 'string');
  });

  it('clears by file, age and all, only inside its namespace', async () => {
    const l = make();
    await raw.set('someone-else', 'keep');
    await l.set('pm1:a', entry('pm1:a', { file: 'a' }), 60);
    await l.set('pm1:b', entry('pm1:b', { file: 'b', createdAt: Date.now() - 5 * 86_400_000 }), 60);
    await l.set('pm1:c', entry('pm1:c', { file: 'c' }), 60);
    assert.equal(await l.clear({ file: 'a' }), 1);
    assert.equal(await l.clear({ olderThanDays: 1 }), 1);
    assert.deepEqual(await raw.keys('promptmeter:*'), ['promptmeter:v1:pm1:c']);
    assert.equal(await l.clear({ all: true }), 1);
    assert.deepEqual(await raw.keys('*'), ['someone-else']);
  });

  it('is filled by the stage and answers after memory is lost', async () => {
    const r = make();
    const next = fakeNext();
    await exactCacheStage([memoryLayer(), r], { prices, ttlSeconds: 60 })(makeReq(), ctx(), next);
    const hit = await exactCacheStage([memoryLayer(), r], { prices, ttlSeconds: 60 })(makeReq(), ctx(), next);
    assert.equal(hit.cache, 'redis');
    assert.equal(next.calls.length, 1);
    assert.ok(await raw.get(`promptmeter:v1:${cacheKey(makeReq())}`));
  });
});

describe('redis layer without a server', () => {
  it('logs once, acts as a miss and never fails the call', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const told: string[] = [];
    const r = redisLayer({ url: `redis://user:s3cret@127.0.0.1:${port}`, secret: SHARED, log: (s) => lines.push(s), onUnavailable: (m) => told.push(m), retryAfterMs: 0 });
    try {
      const next = fakeNext();
      const stage = exactCacheStage([r], { prices, ttlSeconds: 60 });
      assert.equal((await stage(makeReq(), ctx(), next)).cache, 'miss');
      assert.equal((await stage(makeReq(), ctx(), next)).cache, 'miss');
      assert.equal(await r.clear(), 0);
      assert.equal(next.calls.length, 2);
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0], /unavailable/);
      assert.doesNotMatch(lines[0], /s3cret/);
      assert.deepEqual(told, lines, 'reported once to the user too (the CLI prints it on stderr)');
    } finally { await r.dispose?.(); }
  });
});
